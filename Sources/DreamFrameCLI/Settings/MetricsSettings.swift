import ArgumentParser

/// Where a stage process serves its metrics (`--metrics-port`, `--metrics-host`, through the settings layer:
/// flag, else environment, else config file, else the default): port 0 (the default) serves none.
public struct MetricsSettings: Sendable, Equatable {
    /// The default listening address: loopback only (metrics name runs and servers; open them on purpose).
    public static let defaultHost = "127.0.0.1"

    /// The port (0: no metrics listener).
    public var port: Int
    /// The address it listens on (`0.0.0.0` for every interface, so a Prometheus on another host can scrape it).
    public var host: String

    /// Whether a listener runs.
    public var isEnabled: Bool { port != 0 }

    public init(port: Int, host: String = Self.defaultHost) {
        self.port = port
        self.host = host
    }

    /// The metrics settings from `source`, validated; errors name the flag.
    public init(source: SettingsSource) throws {
        let portText = source.string(.metricsPort, default: "0")
        guard let port = Int(portText), (0...65_535).contains(port) else {
            throw ValidationError("\(SettingKey.metricsPort.flag): expected a port in 0...65535 (0: off), got '\(portText.prefix(40))'")
        }
        let host = source.string(.metricsHost, default: Self.defaultHost)
        guard !host.isEmpty, host.count <= 255, host.allSatisfy({ $0.isLetter || $0.isNumber || ".-:_".contains($0) }) else {
            throw ValidationError("\(SettingKey.metricsHost.flag): expected a host name or IP address to listen on, got '\(host.prefix(40))'")
        }
        self.init(port: port, host: host)
    }
}
