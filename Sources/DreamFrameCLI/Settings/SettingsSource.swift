import Configuration
import DreamFrameCore
import Foundation
import SystemPackage

/// Where settings come from, in precedence order: flag, else environment variable, else config file, else the
/// default. Built on apple/swift-configuration; the config file is JSON or YAML (by extension: `.yaml`/`.yml`),
/// a flat map of ``SettingKey/fileKey`` to string, number, boolean or list of strings (read as one comma-separated
/// text: `broker_url: [amqp://…@node1/%2F, amqp://…@node2/%2F]` is the same as the two URLs joined by a comma).
public struct SettingsSource: Sendable {
    /// The config file in use, if any.
    public let configFile: String?
    private let reader: ConfigReader

    /// The file named by `explicitFile`, else `$DREAMFRAME_CONFIG`, else `./dreamframe.json` / `.yaml` / `.yml`
    /// when present; `flags` are the values given on the command line.
    public static func load(flags: [SettingKey: String], explicitFile: String? = nil,
                            environment: [String: String] = ProcessInfo.processInfo.environment) async throws -> SettingsSource {
        let setEnvironment = environment.filter { !$0.value.isEmpty }
        let path = explicitFile ?? setEnvironment["DREAMFRAME_CONFIG"] ?? defaultFile()
        var providers: [any ConfigProvider] = [
            InMemoryProvider(name: "flags", values: Dictionary(uniqueKeysWithValues: flags.map {
                (AbsoluteConfigKey([$0.key.fileKey]), ConfigValue(.string($0.value), isSecret: false))
            })),
            EnvironmentVariablesProvider(environmentVariables: setEnvironment).prefixKeys(with: ["dreamframe"]),
        ]
        if let path {
            providers.append(try await fileProvider(path))
        }
        return SettingsSource(configFile: path, reader: ConfigReader(providers: providers))
    }

    /// The value of `key` as text (numbers, booleans and lists of strings — joined with commas — in the file are
    /// accepted), or nil when unset everywhere.
    public func string(_ key: SettingKey) -> String? {
        let configKey = ConfigKey([key.fileKey])
        if let text = reader.string(forKey: configKey) { return text }
        if let number = reader.int(forKey: configKey) { return String(number) }
        if let number = reader.double(forKey: configKey) { return String(number) }
        if let flag = reader.bool(forKey: configKey) { return String(flag) }
        if let list = reader.stringArray(forKey: configKey) { return list.joined(separator: ",") }
        return nil
    }

    /// The value of `key`, or `fallback`.
    public func string(_ key: SettingKey, default fallback: String) -> String {
        string(key) ?? fallback
    }

    private static func defaultFile() -> String? {
        ["dreamframe.json", "dreamframe.yaml", "dreamframe.yml"].first { FileManager.default.fileExists(atPath: $0) }
    }

    private static func fileProvider(_ path: String) async throws -> any ConfigProvider {
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw ConfigurationError.invalid("--config", value: path, expected: "a readable JSON or YAML file")
        }
        let isYAML = ["yaml", "yml"].contains(URL(fileURLWithPath: path).pathExtension.lowercased())
        do {
            if isYAML { return try await FileProvider<YAMLSnapshot>(filePath: FilePath(path)) }
            return try await FileProvider<JSONSnapshot>(filePath: FilePath(path))
        } catch {
            throw ConfigurationError.invalid("--config", value: path,
                                             expected: "a \(isYAML ? "YAML" : "JSON") map of settings (\(error))")
        }
    }
}
