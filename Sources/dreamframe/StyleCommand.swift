import ArgumentParser
import DreamFrameCLI
import BuiltInModels
import Imaging
import Pipeline
import Clients
import Models
import DreamFrameCore
import Foundation

/// `dreamframe style`: learn a style embedding offline.
struct StyleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "style", abstract: "Learn styles offline and manage the style cache.",
        subcommands: [Learn.self, List.self, Show.self, Export.self, Import.self, Forget.self])

    struct Learn: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Learn a style embedding from reference images (PNG/JPEG) and print the learning figures as JSON.")

        @Option(name: .customLong("images"), help: "Folder of reference images; omit to learn from the description alone.") var images: String?
        @Option(name: .customLong("keyword"), help: "The style keyword.") var keyword = "Dramatic"
        @Option(name: .customLong("description"), help: "The style description.") var styleDescription = "dramatic cinematic lighting"
        @Option(name: .customLong("out"), help: "Write the embedding JSON here (usable with 'dreamframe render --style').") var out: String?
        @Option(name: .customLong("seed")) var seed: UInt64 = 1

        struct Report: Encodable {
            var loss_initial: Double, loss_final: Double, distance_untrained: Double, distance_trained: Double
            var steps: Int, references: Int, references_synthesized: Bool, seconds: Double, style_id: String
        }

        func run() throws {
            let references: [URL]
            do { references = try StyleIdentity.referenceImages(in: images) } catch { throw ValidationError("--images: \(error)") }
            let learner = BuiltInStyleLearner()
            let spec = StyleSpec(keyword: keyword, tone: "", description: styleDescription)
            let styleId = try StyleIdentity.make(style: spec, referenceImages: references, learnerId: learner.learnerId)
            let start = Date()
            var result = try learner.learn(StyleRequest(style: spec, referenceImages: references.map(\.path), seed: seed))
            result.embedding.styleId = styleId
            if let out { try AtomicFile.writeJSON(result.embedding, to: URL(fileURLWithPath: out)) }
            let r = result.report
            printJSON(Report(loss_initial: r.lossInitial, loss_final: r.lossFinal, distance_untrained: r.distanceUntrained,
                             distance_trained: r.distanceTrained, steps: r.steps, references: r.referenceCount,
                             references_synthesized: r.referencesSynthesized, seconds: Date().timeIntervalSince(start),
                             style_id: styleId))
        }
    }
}
