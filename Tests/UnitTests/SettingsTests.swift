import DreamFrameCLI
import Foundation
import Testing
import TestSupport

@Suite("Settings: flag, else environment, else config file, else default")
struct SettingsTests {
    private func file(_ name: String, _ text: String) throws -> String {
        let url = try TestPaths.temporaryDirectory("df-settings").appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    @Test("precedence across the four layers, JSON file")
    func precedenceJSON() async throws {
        let path = try file("c.json", #"{"broker_url": "amqp://file/%2F", "redis_url": "redis://file:1/0", "out": "file-out", "model_timeout": 30}"#)
        let source = try await SettingsSource.load(
            flags: [.brokerURL: "amqp://flag/%2F"], explicitFile: path,
            environment: ["DREAMFRAME_BROKER_URL": "amqp://env/%2F", "DREAMFRAME_REDIS_URL": "redis://env:2/0",
                          "DREAMFRAME_OUT": ""])
        #expect(source.string(.brokerURL) == "amqp://flag/%2F")
        #expect(source.string(.redisURL) == "redis://env:2/0")
        #expect(source.string(.out) == "file-out", "an empty environment variable counts as unset")
        #expect(source.string(.modelTimeout) == "30", "numbers in the file are read as text")
        #expect(source.string(.logLevel, default: "info") == "info")
        #expect(source.configFile == path)
    }

    @Test("a YAML config file works the same way")
    func yaml() async throws {
        let path = try file("c.yaml", "story_model: openai\nstory_model_url: http://127.0.0.1:8080/v1\nmodel_timeout: 45\n")
        let source = try await SettingsSource.load(flags: [:], explicitFile: path, environment: [:])
        #expect(source.string(.storyModel) == "openai")
        #expect(source.string(.storyModelURL) == "http://127.0.0.1:8080/v1")
        #expect(source.string(.modelTimeout) == "45")
    }

    @Test("$DREAMFRAME_CONFIG names the file when no flag does")
    func configFromEnvironment() async throws {
        let path = try file("c.json", #"{"out": "from-env-file"}"#)
        let source = try await SettingsSource.load(flags: [:], environment: ["DREAMFRAME_CONFIG": path])
        #expect(source.string(.out) == "from-env-file")
    }

    @Test("a malformed or missing config file is an error naming --config")
    func badFile() async throws {
        let broken = try file("c.json", "{not json")
        for path in [broken, "/no/such/dreamframe.yaml"] {
            await #expect {
                _ = try await SettingsSource.load(flags: [:], explicitFile: path, environment: [:])
            } throws: { error in
                "\(error)".contains("--config") && "\(error)".contains(path)
            }
        }
    }

    @Test("names of every setting: flag, environment variable, file key")
    func names() {
        #expect(SettingKey.brokerURL.flag == "--broker-url")
        #expect(SettingKey.brokerURL.environmentVariable == "DREAMFRAME_BROKER_URL")
        #expect(SettingKey.storyModelURL.fileKey == "story_model_url")
        #expect(Set(SettingKey.allCases.map(\.environmentVariable)).count == SettingKey.allCases.count)
    }
}
