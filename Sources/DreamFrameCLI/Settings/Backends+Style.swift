import BuiltInModels
import Clients
import DreamFrameCore
import Foundation
import HTTPModels
import Models

extension Backends {
    /// The style learner: `builtin` (default), `a1111` (textual inversion on an AUTOMATIC1111 server) or `command`
    /// (an external trainer), each from its settings, its learning counted and timed.
    public func styleLearner(client: @autoclosure () -> HTTPClient = HTTPClient()) throws -> any StyleLearner {
        let kind: StyleLearnerKind = try parseKind(source.string(.styleLearner), .styleLearner, default: .builtin)
        return MeteredStyleLearner(try unmeteredStyleLearner(kind, client: client()), backend: kind.rawValue)
    }

    private func unmeteredStyleLearner(_ kind: StyleLearnerKind, client: HTTPClient) throws -> any StyleLearner {
        let steps = try integer(.styleSteps, in: 1...1_000_000) ?? 1500   // external trainers'; the built-in's is 300
        let timeout = try styleLearnTimeLimit()
        switch kind {
        case .builtin:
            return BuiltInStyleLearner(options: .init(steps: try integer(.styleSteps, in: 1...1_000_000) ?? 300))
        case .a1111:
            let server = source.string(.styleLearnerURL) != nil ? try url(.styleLearnerURL) : try url(.imageModelURL)
            let pathMap = try source.string(.stylePathMap).map { text in
                guard let map = PathMap(text) else {
                    throw ConfigurationError.invalid(SettingKey.stylePathMap.flag, value: String(text.prefix(80)),
                                                     expected: "LOCAL=REMOTE (two absolute paths)")
                }
                return map
            }
            let options = A1111StyleLearner.Options(
                steps: steps, baseModel: source.string(.styleBaseModel, default: "sd-v1-5"), pathMap: pathMap,
                embeddingsDirectory: source.string(.styleEmbeddingsDir).map { URL(fileURLWithPath: $0, isDirectory: true) },
                timeout: timeout)
            return A1111StyleLearner(baseURL: server, options: options, apiKey: apiKey, client: client)
        case .command:
            guard let text = source.string(.styleTrainerCommand) else {
                throw ConfigurationError.invalid(SettingKey.styleTrainerCommand.flag, value: "nothing",
                                                 expected: "the trainer's argument vector for --style-learner command")
            }
            let command = Self.argumentVector(text)
            do {
                return try CommandStyleLearner(options: .init(
                    command: command, steps: steps,
                    baseModel: source.string(.styleBaseModel, default: "stable-diffusion-xl-base-1.0"), timeout: timeout))
            } catch {
                throw ConfigurationError.invalid(SettingKey.styleTrainerCommand.flag, value: String(text.prefix(120)),
                                                 expected: "\(error)")
            }
        }
    }

    /// The longest one style's learning may take, its reference images drawn and its training together
    /// (`--style-train-timeout`; 6600 s by default, under the shipped broker's 2-hour consumer timeout).
    public func styleLearnTimeLimit() throws -> Duration {
        try seconds(.styleTrainTimeout, default: 6600, in: 1...(7 * 86_400))
    }

    /// A command as an argument vector: a JSON array of strings, else words split on white space.
    static func argumentVector(_ text: String) -> [String] {
        if let data = text.data(using: .utf8), let array = try? JSONDecoder().decode([String].self, from: data) { return array }
        return text.split(whereSeparator: \.isWhitespace).map(String.init)
    }

    /// Draws reference images through the configured image model when the learner trains from images
    /// (`--style-references` at each of `--style-reference-locations`); nil for the built-in learner, which needs none.
    public func styleReferences(for learner: any StyleLearner) throws -> StyleReferencesPlan? {
        guard learner.needsReferenceImages else { return nil }
        return StyleReferencesPlan(model: try imageModel(), perLocation: try integer(.styleReferences, in: 1...100) ?? 5,
                                   locations: try integer(.styleReferenceLocations, in: 1...100) ?? 12)
    }
}

/// What the style trainer needs to draw reference images: the image model, at how many locations, how many at each.
public struct StyleReferencesPlan: Sendable {
    /// The image model the renderer uses.
    public let model: any ImageModel
    /// Images per location (the paper's 5).
    public let perLocation: Int
    /// At most this many of the movie's locations (the paper's 12).
    public let locations: Int
}
