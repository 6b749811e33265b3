import Clients
import DreamFrameCore
import Foundation
import HTTPModels
import Models

extension Backends {
    /// The chat endpoint the story model (and the QA judge) calls: URL, model, key, timeout, in-flight bound, rate
    /// limits, token cap, first response mode and response cache, each from its setting.
    public func chatEndpoint() throws -> ChatEndpoint {
        let modeText = source.string(.storyModelMode, default: ResponseModeSetting.jsonSchema.rawValue)
        let mode: ResponseModeSetting = try parseKind(modeText, .storyModelMode, default: .jsonSchema)
        let configuration = ChatEndpoint.Configuration(
            baseURL: try url(.storyModelURL), model: source.string(.storyModelName, default: "gpt-4o-mini"),
            apiKey: apiKey, apiKeyVariable: apiKeyVariable, temperature: 0.8,
            maxTokens: try integer(.modelMaxTokens, in: 16...1_000_000), timeout: try timeout(),
            maxInFlight: try modelConcurrency(),
            limits: .init(requestsPerMinute: try integer(.modelRPM, in: 1...100_000_000),
                          tokensPerMinute: try integer(.modelTPM, in: 1...100_000_000)),
            maxRateLimitWait: try seconds(.modelRateLimitWait, default: 600, in: 0...86_400),
            mode: [.jsonSchema: .jsonSchema, .jsonObject: .jsonObject, .text: .text][mode] ?? .jsonSchema,
            cache: try responseCache())
        return ChatEndpoint(configuration: configuration)
    }

    /// Requests in flight at once per model server (`--model-concurrency`, default 16): the chat endpoint's and an
    /// HTTP image backend's bound alike.
    func modelConcurrency() throws -> Int {
        try integer(.modelConcurrency, in: 1...1024) ?? 16
    }

    /// The response cache: a bounded folder (`--model-cache`, default under the user's cache folder), or none
    /// with `--no-cache` / `--model-cache off`; rendered images live in its `renders/` subfolder, bounded alike,
    /// so frames never push chat answers out.
    public func responseCache(subfolder: String? = nil) throws -> (any ModelResponseCache)? {
        let bytes = try integer(.modelCacheBytes, in: 65_536...Int.max) ?? 1 << 30
        var folder = Self.defaultCacheFolder
        if let chosen = source.string(.modelCache) {
            if chosen == ModelCacheSetting.off { return nil }
            folder = URL(fileURLWithPath: chosen, isDirectory: true)
        }
        if let subfolder { folder = folder.appendingPathComponent(subfolder, isDirectory: true) }
        return DiskResponseCache(directory: folder, maxBytes: bytes)
    }

    /// `$XDG_CACHE_HOME/dreamframe/model-responses`, else `~/.cache/dreamframe/model-responses`.
    static var defaultCacheFolder: URL {
        let environment = ProcessInfo.processInfo.environment
        let root = environment["XDG_CACHE_HOME"].flatMap { $0.isEmpty ? nil : URL(fileURLWithPath: $0, isDirectory: true) }
            ?? FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache", isDirectory: true)
        return root.appendingPathComponent("dreamframe/model-responses", isDirectory: true)
    }

    /// An integer setting within `range`, or nil when unset.
    func integer(_ key: SettingKey, in range: ClosedRange<Int>) throws -> Int? {
        guard let text = source.string(key) else { return nil }
        guard let value = Int(text), range.contains(value) else {
            throw ConfigurationError.invalid("\(key.flag) (or \(key.environmentVariable))", value: String(text.prefix(40)),
                                             expected: "an integer in \(range.lowerBound)...\(range.upperBound)")
        }
        return value
    }

    /// A setting in seconds within `range`.
    func seconds(_ key: SettingKey, default fallback: Double, in range: ClosedRange<Double>) throws -> Duration {
        let text = source.string(key) ?? String(fallback)
        guard let value = Double(text), range.contains(value) else {
            throw ConfigurationError.invalid("\(key.flag) (or \(key.environmentVariable))", value: String(text.prefix(40)),
                                             expected: "seconds in [\(range.lowerBound), \(range.upperBound)]")
        }
        return .milliseconds(Int(value * 1000))
    }
}
