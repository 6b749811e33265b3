import ArgumentParser
import Clients
import Console
import DreamFrameCLI
import Foundation
import Logging
import Monitoring
import ServiceLifecycle

/// `dreamframe console`: the web console on `--host:--port` until SIGTERM / SIGINT.
struct ConsoleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "console", abstract: "Serve the web console: queues, runs, movies, dead letters with replay, styles.",
        discussion: """
        On a loopback address (the default, 127.0.0.1) no credentials are needed. Anywhere else the console refuses \
        to start without a token (at least 16 characters) in the environment variable --token-env names; browsers \
        then log in with any user name and the token as the password, scripts send 'Authorization: Bearer TOKEN'.
        """)

    @OptionGroup var connection: ConnectionOptions

    @Option(name: .customLong("port"), help: "Port to listen on (default 8480; 0: any free port, printed).")
    var port: Int = 8480

    @Option(name: .customLong("host"), help: "Address to listen on (default 127.0.0.1; a non-loopback address needs a token).")
    var host: String = "127.0.0.1"

    @Option(name: .customLong("token-env"), help: "The environment variable holding the console's token (default DREAMFRAME_CONSOLE_TOKEN).")
    var tokenEnv: String = "DREAMFRAME_CONSOLE_TOKEN"

    @Option(name: .customLong("management-url"),
            help: "RabbitMQ management API root for unacked counts (env DREAMFRAME_MANAGEMENT_URL; default: the broker's host, its AMQP port + 10000).")
    var managementURL: String?

    @Option(name: .customLong("stale"), help: "Seconds without progress after which a movie shows as stuck (default 300).")
    var stale: Double = 300

    func validate() throws {
        guard (0...65_535).contains(port) else { throw ValidationError("--port: expected 0...65535, got \(port)") }
        guard stale > 0, stale.isFinite else { throw ValidationError("--stale: expected seconds > 0, got \(stale)") }
        guard !host.isEmpty else { throw ValidationError("--host: expected an address to listen on") }
    }

    func run() async throws {
        let access = ConsoleAccess(token: ProcessInfo.processInfo.environment[tokenEnv])
        if let problem = access.check(bind: host) { throw ValidationError("--host \(host): \(problem)") }
        let extra: [SettingKey: String] = managementURL.map { [.managementURL: $0] } ?? [:]
        let settings = try await connection.resolve(extraFlags: extra)
        LogSetup.bootstrapOnce(level: settings.logLevel)
        try await asUsageError { try await settings.checkAccess() }
        let logger = Logger(label: "dreamframe.console")
        let redis = RedisClient(url: settings.redisURL, logger: logger, waitForConnection: 10)
        let publisher = AMQPPublisher(endpoints: settings.broker, logger: logger, waitForConnection: 10)
        let http = HTTPClient()
        defer { http.shutdown() }
        let source = LiveConsoleSource(broker: settings.broker, topology: settings.topology,
                                       managementURL: try settings.managementURL(), redis: redis, publisher: publisher,
                                       http: http)
        let server = ConsoleServer(source: source, access: access, layout: settings.layout, stale: stale, logger: logger)
        let listener = HTTPListener(host: host, port: port, setting: "--port", responder: server, logger: logger)
        let announce = Announcer(listener: listener, host: host, authenticated: access.token != nil)
        let group = ServiceGroup(configuration: .init(services: [
            .init(service: redis, serviceName: "redis"), .init(service: publisher, serviceName: "amqp-publisher"),
            .init(service: listener, serviceName: "console"),
            .init(service: announce, successTerminationBehavior: .ignore, failureTerminationBehavior: .ignore),
        ], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await asUsageError { try await group.run() }
    }

    /// Prints the console's URL once the listener is bound (the port may have been 0).
    struct Announcer: Service {
        let listener: HTTPListener
        let host: String
        let authenticated: Bool

        func run() async throws {
            guard let port = await listener.boundPort() else { return }
            let shown = host.contains(":") ? "[\(host)]" : host
            let line = "console: http://\(shown):\(port)/" + (authenticated ? " (token required)" : "") + "\n"
            FileHandle.standardOutput.write(Data(line.utf8))
        }
    }
}
