// swift-tools-version:6.2
import PackageDescription

// The targets read like the pipeline, and imports run one way only (README "The code"):
//
//   C libraries ← DreamFrameCore ← Clients, Imaging ← Models ← BuiltInModels, HTTPModels
//               ← Pipeline ← Stages ← DreamFrameCLI ← executables
//
// A lower target never imports a higher one.

let argumentParser = Target.Dependency.product(name: "ArgumentParser", package: "swift-argument-parser")
let logging = Target.Dependency.product(name: "Logging", package: "swift-log")
let metrics = Target.Dependency.product(name: "Metrics", package: "swift-metrics")
let lifecycle = Target.Dependency.product(name: "ServiceLifecycle", package: "swift-service-lifecycle")
let configuration = Target.Dependency.product(name: "Configuration", package: "swift-configuration")
let systemPackage = Target.Dependency.product(name: "SystemPackage", package: "swift-system")
let prometheus = Target.Dependency.product(name: "Prometheus", package: "swift-prometheus")
// The metrics listener's HTTP: SwiftNIO's core, its POSIX sockets and its HTTP/1 codec (no web framework).
let nio: [Target.Dependency] = ["NIOCore", "NIOPosix", "NIOHTTP1"].map { .product(name: $0, package: "swift-nio") }

/// Our own code builds warning-free and stays so: every warning is an error in every project target.
let strict: [SwiftSetting] = [.treatAllWarnings(as: .error)]

let stages = ["plot-writer", "story-expander", "style-trainer", "frame-renderer", "qa-validator"]

let package = Package(
    name: "DreamFrame",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "dreamframe", targets: ["dreamframe"]),
    ] + stages.map { .executable(name: $0, targets: [$0]) } + [
        .library(name: "Stages", targets: ["Stages"]),
        .library(name: "Pipeline", targets: ["Pipeline"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-configuration.git", from: "1.4.0", traits: ["JSON", "YAML"]),
        .package(url: "https://github.com/apple/swift-system.git", from: "1.5.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
    ],
    targets: [
        // C libraries, through Debian's -dev packages.
        .systemLibrary(name: "CRabbitMQ", pkgConfig: "librabbitmq", providers: [.apt(["librabbitmq-dev"])]),
        .systemLibrary(name: "CHiredis", pkgConfig: "hiredis", providers: [.apt(["libhiredis-dev"])]),
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(name: "CJPEG", pkgConfig: "libjpeg", providers: [.apt(["libjpeg62-turbo-dev"])]),
        .systemLibrary(name: "CPNG", pkgConfig: "libpng", providers: [.apt(["libpng-dev"])]),

        // Shared vocabulary: errors that classify themselves, redaction, stable hashing, JSON presets.
        .target(name: "DreamFrameCore", swiftSettings: strict),
        // AMQP, Redis and HTTP over the C libraries, each connection owned by one thread.
        .target(name: "Clients", dependencies: ["DreamFrameCore", "CRabbitMQ", "CHiredis", "CCurl", logging, lifecycle,
                                                metrics],
                swiftSettings: strict),
        // The process's metrics in the Prometheus text format, with /healthz and /readyz, on a port of its own.
        .target(name: "Monitoring", dependencies: ["DreamFrameCore", logging, metrics, lifecycle, prometheus] + nio,
                swiftSettings: strict),
        // PNG and JPEG in and out.
        .target(name: "Imaging", dependencies: ["DreamFrameCore", "CPNG", "CJPEG"], swiftSettings: strict),
        // The three model roles and their request/response types.
        .target(name: "Models", dependencies: ["DreamFrameCore"], swiftSettings: strict),
        .target(name: "BuiltInModels", dependencies: ["Models", "Imaging", "DreamFrameCore"], swiftSettings: strict),
        .target(name: "HTTPModels", dependencies: ["Models", "Clients", "DreamFrameCore", metrics], swiftSettings: strict),
        // Messages, topology, the stage runtime, pipeline state, export and validation.
        .target(name: "Pipeline", dependencies: ["Models", "Clients", "DreamFrameCore", logging, metrics, lifecycle],
                swiftSettings: strict),
        // The five stage handlers.
        .target(name: "Stages", dependencies: ["Pipeline", "Models", "DreamFrameCore", logging], swiftSettings: strict),
        // The web console (`dreamframe console`): server-rendered pages over the Monitoring target's HTTP listener.
        .target(name: "Console", dependencies: ["Pipeline", "Monitoring", "Clients", "Models", "DreamFrameCore", logging],
                swiftSettings: strict),
        // Command-line options, configuration resolution and wiring shared by the executables.
        .target(name: "DreamFrameCLI", dependencies: [
            "Stages", "Pipeline", "BuiltInModels", "HTTPModels", "Models", "Clients", "Imaging", "Monitoring",
            "DreamFrameCore", argumentParser, logging, metrics, lifecycle, configuration, systemPackage,
        ], swiftSettings: strict),

        .executableTarget(name: "dreamframe", dependencies: [
            "DreamFrameCLI", "Console", "Monitoring", "Stages", "Pipeline", "BuiltInModels", "Models", "Imaging", "Clients",
            "DreamFrameCore", argumentParser, logging, lifecycle,
        ], swiftSettings: strict),
    ] + stages.map { .executableTarget(name: $0, dependencies: ["DreamFrameCLI", "Stages", "Pipeline", argumentParser],
                                          swiftSettings: strict) } + [

        // What both test targets share: paths, the topology, in-memory fakes behind the project's protocols, and the
        // sample messages the door's unit tests and the poison corpus change one field of.
        .target(name: "TestSupport", dependencies: ["Pipeline", "BuiltInModels", "Clients", "Models", logging],
                path: "Tests/TestSupport",
                swiftSettings: strict),
        // Fuzz targets: every decoder and parser of outside bytes (`make fuzz`; the unit tests replay the corpus).
        .target(name: "FuzzTargets", dependencies: ["Pipeline", "HTTPModels", "Imaging", "Models", "Clients"],
                path: "Tests/Fuzz/Targets", swiftSettings: strict),
        .executableTarget(name: "dreamframe-fuzz", dependencies: ["FuzzTargets"], path: "Tests/Fuzz/Driver",
                          swiftSettings: strict),
        // Unit tests: no broker, no Redis, no network — in-memory fakes behind the project's own protocols.
        .testTarget(name: "UnitTests", dependencies: [
            "CJPEG", "CPNG", "Stages", "Pipeline", "BuiltInModels", "HTTPModels", "Models", "Imaging", "Clients", "DreamFrameCore",
            "DreamFrameCLI", "Monitoring", "Console", "TestSupport", "FuzzTargets", logging, metrics, argumentParser,
        ], swiftSettings: strict),
        // Integration tests: the real RabbitMQ, Redis, model stubs over HTTP and the built executables.
        .testTarget(name: "IntegrationTests", dependencies: [
            "Stages", "Pipeline", "BuiltInModels", "HTTPModels", "Models", "Imaging", "Clients", "DreamFrameCore",
            "DreamFrameCLI", "Monitoring", "TestSupport", logging, lifecycle,
        ], swiftSettings: strict),
    ]
)
