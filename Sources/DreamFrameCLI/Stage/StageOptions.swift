import ArgumentParser
import Foundation
import Pipeline

/// Flags every stage executable takes.
public struct StageOptions: ParsableArguments, Sendable {
    @OptionGroup public var connection: ConnectionOptions
    @OptionGroup public var backends: BackendOptions

    @Option(name: .customLong("concurrency"), help: "Messages handled at once (default: the stage's own).")
    public var concurrency: Int?

    @Option(name: .customLong("prefetch"), help: "Unacknowledged deliveries held (default 2 x concurrency).")
    public var prefetch: Int?

    @Option(name: .customLong("max-attempts"), help: "Attempts before a failing message is dead-lettered.")
    public var maxAttempts: Int = 5

    @Option(name: .customLong("max-prompt-bytes"), help: "The longest render prompt a message may carry (default 8192).")
    public var maxPromptBytes: Int = MessageLimits().maxPromptBytes

    @Option(name: .customLong("max-text-bytes"),
            help: "The longest story text (content, QA, style description) a message may carry (default 16384).")
    public var maxTextBytes: Int = MessageLimits().maxTextBytes

    @Option(name: .customLong("repair-every"),
            help: "Seconds between passes of the periodic repair (one process at a time holds its lease); 0: off.")
    public var repairEvery: Double = 60

    @Option(name: .customLong("repair-stale"),
            help: "Seconds without progress after which the periodic repair looks at a movie.")
    public var repairStale: Double = 300

    @Option(name: .customLong("run-metrics-every"),
            help: "Seconds between readings of every current run's progress for the dreamframe_run_* gauges (with --metrics-port).")
    public var runMetricsEvery: Double = 10

    @Option(name: .customLong("metrics-port"),
            help: "Port serving /metrics (Prometheus), /healthz and /readyz; 0: none (env DREAMFRAME_METRICS_PORT; default 0).")
    public var metricsPort: Int?

    @Option(name: .customLong("metrics-host"),
            help: "Address the metrics port listens on (env DREAMFRAME_METRICS_HOST; default 127.0.0.1; 0.0.0.0 for a Prometheus elsewhere).")
    public var metricsHost: String?

    @Option(name: .customLong("pid-file"),
            help: "Write this process's pid to FILE at start and remove it at exit; refuses to start while FILE names a running process.")
    public var pidFile: String?

    public init() {}

    /// The settings given as flags beyond the connection's: the backends' and the metrics port's.
    public var settingFlags: [SettingKey: String] {
        var flags = backends.flags
        flags[.metricsPort] = metricsPort.map(String.init)
        flags[.metricsHost] = metricsHost
        return flags
    }

    public func validate() throws {
        if let concurrency, !(1...4096).contains(concurrency) {
            throw ValidationError("--concurrency: expected 1...4096, got \(concurrency)")
        }
        if let prefetch, !(1...65535).contains(prefetch) {
            throw ValidationError("--prefetch: expected 1...65535, got \(prefetch)")
        }
        if !(1...100).contains(maxAttempts) {
            throw ValidationError("--max-attempts: expected 1...100, got \(maxAttempts)")
        }
        for (flag, value) in [("--max-prompt-bytes", maxPromptBytes), ("--max-text-bytes", maxTextBytes)]
        where !(256...1_000_000).contains(value) {
            throw ValidationError("\(flag): expected 256...1000000, got \(value)")
        }
        if !(0...86_400).contains(repairEvery) {
            throw ValidationError("--repair-every: expected 0 (off) ... 86400 seconds, got \(repairEvery)")
        }
        if !(0.1...3_600).contains(runMetricsEvery) {
            throw ValidationError("--run-metrics-every: expected 0.1 ... 3600 seconds, got \(runMetricsEvery)")
        }
        if !(1...31 * 86_400).contains(repairStale) {
            throw ValidationError("--repair-stale: expected 1 ... 2678400 seconds, got \(repairStale)")
        }
    }

    /// Runtime options with the stage's default concurrency where none was given.
    public func runtimeOptions(defaultConcurrency: Int) -> RuntimeOptions {
        RuntimeOptions(concurrency: concurrency ?? defaultConcurrency, prefetch: prefetch, maxAttempts: maxAttempts,
                       messageLimits: MessageLimits(maxPromptBytes: maxPromptBytes, maxTextBytes: maxTextBytes))
    }
}
