# syntax=docker/dockerfile:1
# Multi-stage build: a static binary on a distroless base, run as non-root.
#   docker build -t mockserver --build-arg VERSION=$(git describe --tags --always) .
#   docker run --rm -p 4010:4010 mockserver
#   docker run --rm -p 4010:4010 -v "$PWD:/specs:ro" mockserver --spec /specs/openapi.yaml --watch
FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION=dev
RUN CGO_ENABLED=0 GOOS=linux go build -trimpath -ldflags "-s -w -X main.version=${VERSION}" -o /out/mockserver ./cmd/mockserver

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/mockserver /usr/local/bin/mockserver
USER nonroot:nonroot
EXPOSE 4010
# Arguments after the image name are appended (a later --addr wins).
ENTRYPOINT ["/usr/local/bin/mockserver", "--addr", "0.0.0.0:4010"]
