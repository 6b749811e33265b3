import ArgumentParser
import DreamFrameCLI
import DreamFrameCore
import Foundation
import Pipeline

/// The metrics ports `dreamframe run` gives its stage processes: each child its own, counting up from the
/// configured port (none when it is 0), announced on the terminal and, when asked, written as a Prometheus
/// file_sd target list.
struct ChildMetricsPorts {
    let settings: MetricsSettings
    let children: Int

    init(settings: MetricsSettings, children: Int) throws {
        guard !settings.isEnabled || settings.port + children - 1 <= 65_535 else {
            throw ValidationError("--metrics-port: \(settings.port) + \(children) stage processes runs past port 65535")
        }
        self.settings = settings
        self.children = children
    }

    /// The port of child `index` (0-based), or nil when metrics are off.
    func port(child index: Int) -> Int? {
        settings.isEnabled ? settings.port + index : nil
    }

    /// What child `index` gets in its environment: its own port (or 0, overriding an inherited setting).
    func environment(child index: Int) -> [String: String] {
        [SettingKey.metricsPort.environmentVariable: String(port(child: index) ?? 0)]
    }

    /// A line naming every child's metrics URL (nil when metrics are off); writes `targetsFile` when given.
    func announce(_ stages: [StageProcess], targetsFile: String?) throws -> String? {
        guard settings.isEnabled else {
            if targetsFile != nil { throw ValidationError("--metrics-targets needs --metrics-port") }
            return nil
        }
        let host = ["0.0.0.0", "::"].contains(settings.host) ? "127.0.0.1" : settings.host
        let targets = stages.indices.map { "\(host):\(settings.port + $0)" }
        if let targetsFile {
            let data = try JSONSerialization.data(withJSONObject: [["targets": targets]], options: [.prettyPrinted])
            try AtomicFile.write(data, to: URL(fileURLWithPath: targetsFile))
        }
        return "metrics: " + zip(stages, targets).map { "\($0.stage.rawValue) http://\($1)/metrics" }
            .joined(separator: ", ")
    }
}
