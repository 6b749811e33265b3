import ArgumentParser
import DreamFrameCLI
import DreamFrameCore
import Foundation
import Models
import Pipeline

/// One line or object per style, without the artifact's bytes.
struct StyleSummary: Encodable {
    var style_id: String
    var keyword: String
    var learner: String
    var vector_size: Int
    var token: String?
    var format: String?
    var bytes: Int?
    var base_model: String?
    var steps: Int?
    var loss: Double?

    init(_ style: StyleEmbedding) {
        style_id = style.styleId
        keyword = style.keyword
        learner = style.learner
        vector_size = style.vector.count
        token = style.artifact?.token
        format = style.artifact?.format.rawValue
        bytes = style.artifact?.bytes.count
        base_model = style.artifact?.baseModel
        steps = style.artifact?.steps ?? (style.lossCurve.isEmpty ? nil : style.lossCurve.count)
        loss = style.artifact?.loss ?? style.lossCurve.last.map(Double.init)
    }

    var line: String {
        let what = token.map { "\(format ?? "?") \($0), \(bytes ?? 0) bytes, \(base_model ?? "?")" } ?? "vector of \(vector_size)"
        return "\(style_id)  \(SafeText.line(keyword, maxBytes: 40))  \(SafeText.line(learner, maxBytes: 60))  \(what)"
            + (steps.map { ", \($0) steps" } ?? "")
    }
}

extension StyleCommand {
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the styles in the cache.")
        @OptionGroup var connection: ConnectionOptions
        @Flag(name: .customLong("json"), help: "Print JSON.") var json = false

        func run() async throws {
            try await withServices(connection) { services in
                let styles = try await StyleCache(redis: services.redis).all().map(StyleSummary.init)
                if json { printJSON(styles) } else if styles.isEmpty { print("no styles cached") } else { styles.forEach { print($0.line) } }
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one cached style (its artifact's size, not its bytes).")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "The style id.") var styleId: String

        func run() async throws {
            try await withServices(connection) { services in
                guard let style = try await StyleCache(redis: services.redis).style(styleId) else {
                    throw ValidationError("style \(SafeText.line(styleId, maxBytes: 80)) is not in the cache (see dreamframe style list)")
                }
                printJSON(StyleSummary(style))
            }
        }
    }

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Write a cached style to a file: the whole cache entry (JSON, for import), or with --artifact the embedding file a diffusion server loads.")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "The style id.") var styleId: String
        @Option(name: .customLong("file"), help: "The file to write.") var file: String
        @Flag(name: .customLong("artifact"), help: "Write the learned .safetensors/.pt file itself.") var artifact = false

        func run() async throws {
            try await withServices(connection) { services in
                guard let style = try await StyleCache(redis: services.redis).style(styleId) else {
                    throw ValidationError("style \(SafeText.line(styleId, maxBytes: 80)) is not in the cache (see dreamframe style list)")
                }
                let url = URL(fileURLWithPath: file)
                if artifact {
                    guard let file = style.artifact, !file.bytes.isEmpty else {
                        throw ValidationError("--artifact: style \(style.styleId) holds no learned file (learner \(style.learner))")
                    }
                    try AtomicFile.write(file.bytes, to: url)
                    print("wrote \(file.fileName) (\(file.bytes.count) bytes) to \(url.path)")
                } else {
                    try AtomicFile.writeJSON(style, to: url)
                    print("wrote style \(style.styleId) to \(url.path)")
                }
            }
        }
    }

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Put a style exported with 'dreamframe style export' into the cache.")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "The exported style (JSON).") var file: String
        @Flag(name: .customLong("replace"), help: "Replace a cached style of the same id.") var replace = false

        func run() async throws {
            let style: StyleEmbedding
            do {
                style = try JSONDecoder().decode(StyleEmbedding.self, from: Data(contentsOf: URL(fileURLWithPath: file)))
            } catch {
                throw ValidationError("\(file): not a style exported by 'dreamframe style export': \(error)")
            }
            guard OutputLayout.sanitize(style.styleId) == style.styleId, style.styleId.utf8.count <= 200 else {
                throw ValidationError("\(file): style id \(SafeText.line(style.styleId, maxBytes: 80)) is not a safe id")
            }
            if let artifact = style.artifact, !artifact.bytes.isEmpty, StyleArtifact.detectFormat(artifact.bytes) != artifact.format {
                throw ValidationError("\(file): the artifact's bytes are not a \(artifact.format.rawValue) file")
            }
            try await withServices(connection) { services in
                guard try await StyleCache(redis: services.redis).put(style, replace: replace) else {
                    throw ValidationError("style \(style.styleId) is cached already; --replace replaces it")
                }
                print("imported style \(style.styleId)")
            }
        }
    }

    struct Forget: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove a style from the cache: the next movie that needs it learns it again.")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "The style id.") var styleId: String

        func run() async throws {
            try await withServices(connection) { services in
                guard try await StyleCache(redis: services.redis).forget(styleId) else {
                    throw ValidationError("style \(SafeText.line(styleId, maxBytes: 80)) is not in the cache")
                }
                print("forgot style \(styleId)")
            }
        }
    }
}
