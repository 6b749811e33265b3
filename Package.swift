// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "DreamFrame",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "dreamframe", targets: ["dreamframe"]),
        .executable(name: "plot-writer", targets: ["plot-writer"]),
        .executable(name: "story-expander", targets: ["story-expander"]),
        .executable(name: "style-trainer", targets: ["style-trainer"]),
        .executable(name: "frame-renderer", targets: ["frame-renderer"]),
        .executable(name: "qa-validator", targets: ["qa-validator"]),
        .library(name: "DreamFrameKit", targets: ["DreamFrameKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
    ],
    targets: [
        .systemLibrary(name: "CRabbitMQ", pkgConfig: "librabbitmq", providers: [.apt(["librabbitmq-dev"])]),
        .systemLibrary(name: "CHiredis", pkgConfig: "hiredis", providers: [.apt(["libhiredis-dev"])]),
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CJPEG", pkgConfig: "libjpeg", providers: [.apt(["libjpeg62-turbo-dev"])]),
        .target(
            name: "DreamFrameKit",
            dependencies: [
                "CRabbitMQ", "CHiredis", "CCurl", "CZlib", "CJPEG",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .executableTarget(name: "dreamframe", dependencies: ["DreamFrameKit"]),
        .executableTarget(name: "plot-writer", dependencies: ["DreamFrameKit"]),
        .executableTarget(name: "story-expander", dependencies: ["DreamFrameKit"]),
        .executableTarget(name: "style-trainer", dependencies: ["DreamFrameKit"]),
        .executableTarget(name: "frame-renderer", dependencies: ["DreamFrameKit"]),
        .executableTarget(name: "qa-validator", dependencies: ["DreamFrameKit"]),
        .testTarget(name: "DreamFrameKitTests", dependencies: ["DreamFrameKit"]),
    ]
)
