# SdSeg Workbench with CUDA. Build:  docker build -t sdseg-workbench .
# Run:    docker run --gpus all -p 8080:8080 -v sdseg-data:/data sdseg-workbench
#
# Build stage: the .NET SDK publishes the web app and the `sdseg` engine; the engine is built against
# TorchSharp-cuda-linux (-p:TorchBackend=cuda), which brings libtorch with CUDA 12.8.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/SdSeg.Workbench/SdSeg.Workbench.csproj -c Release -o /out/workbench \
 && dotnet publish src/SdSeg.Cli/SdSeg.Cli.csproj -c Release -p:TorchBackend=cuda -o /out/cli

# The .NET runtime is copied from the official ASP.NET image into an NVIDIA CUDA runtime image.
# Ubuntu 24.04's libstdc++ has GLIBCXX_3.4.32, so libLibTorchSharp.so loads unpatched (the build's patch step is a no-op there).
FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS dotnet

FROM nvidia/cuda:12.8.1-cudnn-runtime-ubuntu24.04
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates libicu74 \
 && rm -rf /var/lib/apt/lists/*
COPY --from=dotnet /usr/share/dotnet /usr/share/dotnet
RUN ln -s /usr/share/dotnet/dotnet /usr/bin/dotnet
COPY --from=build /out /app
ENV Urls=http://+:8080 \
    SdSeg__DataRoot=/data \
    SdSeg__EngineCommand=/app/cli/sdseg \
    DOTNET_CLI_TELEMETRY_OPTOUT=1
VOLUME /data
EXPOSE 8080
WORKDIR /app/workbench
ENTRYPOINT ["dotnet", "SdSeg.Workbench.dll"]
