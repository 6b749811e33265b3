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

    public init() {}

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
    }

    /// Runtime options with the stage's default concurrency where none was given.
    public func runtimeOptions(defaultConcurrency: Int) -> RuntimeOptions {
        RuntimeOptions(concurrency: concurrency ?? defaultConcurrency, prefetch: prefetch, maxAttempts: maxAttempts)
    }
}
