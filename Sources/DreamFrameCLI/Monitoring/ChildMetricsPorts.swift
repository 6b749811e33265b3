import ArgumentParser
import DreamFrameCore
import Foundation
import Pipeline

/// The metrics ports `dreamframe run` gives its stage processes: each child its own, counting up from the
/// configured port (none when it is 0), announced on the terminal and, when asked, written as a Prometheus
/// file_sd target list.
public struct ChildMetricsPorts: Sendable {
    /// The configured port and address (the first child's port).
    public let settings: MetricsSettings
    /// How many children there are.
    public let children: Int
    /// Where to write the children's addresses as a Prometheus file_sd target list, if anywhere.
    public let targetsFile: String?

    /// Ports for `children` processes from `settings`; throws when they would run past 65535, or when a
    /// `targetsFile` is asked for without a port.
    public init(settings: MetricsSettings, children: Int, targetsFile: String? = nil) throws {
        guard !settings.isEnabled || settings.port + children - 1 <= 65_535 else {
            throw ValidationError("--metrics-port: \(settings.port) + \(children) stage processes runs past port 65535")
        }
        if targetsFile != nil, !settings.isEnabled {
            throw ValidationError("--metrics-targets needs --metrics-port (the first of the stage processes' ports)")
        }
        self.settings = settings
        self.children = children
        self.targetsFile = targetsFile
    }

    /// The port of child `index` (0-based), or nil when metrics are off.
    public func port(child index: Int) -> Int? {
        settings.isEnabled ? settings.port + index : nil
    }

    /// What child `index` gets in its environment: its own port (or 0, overriding an inherited setting).
    public func environment(child index: Int) -> [String: String] {
        [SettingKey.metricsPort.environmentVariable: String(port(child: index) ?? 0)]
    }

    /// A line naming every child's metrics URL (nil when metrics are off); writes ``targetsFile`` when given, a
    /// Prometheus file_sd list of the children's addresses.
    public func announce(_ stages: [Stage]) throws -> String? {
        guard settings.isEnabled else { return nil }
        let host = ["0.0.0.0", "::"].contains(settings.host) ? "127.0.0.1" : settings.host
        let targets = stages.indices.map { "\(host):\(settings.port + $0)" }
        if let targetsFile {
            let data = try JSONSerialization.data(withJSONObject: [["targets": targets]], options: [.prettyPrinted])
            try AtomicFile.write(data, to: URL(fileURLWithPath: targetsFile))
        }
        return "metrics: " + zip(stages, targets).map { "\($0.rawValue) http://\($1)/metrics" }
            .joined(separator: ", ")
    }

    /// Removes ``targetsFile`` once the children have stopped, so Prometheus stops scraping them (and alerting on
    /// their absence).
    public func withdraw() {
        if let targetsFile { try? FileManager.default.removeItem(atPath: targetsFile) }
    }
}
