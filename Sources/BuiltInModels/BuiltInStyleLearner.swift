import Models
import Imaging
import DreamFrameCore
import Foundation

/// The offline ``StyleLearner``: learns a 32-float style vector by iterative optimisation (SPSA gradient estimates
/// with Adam) of a style loss between small renders of ``BuiltInImageModel`` and the reference images.
///
/// The loss is the weighted squared distance between the mean ``StyleFeatures`` of the renders and of the references
/// (colour statistics, histograms, gradient energy, a Gram matrix of filter responses); with reference images it also
/// counts the spread of the renders' features around their mean (``Options/spreadWeight``), so each render, not only
/// their average, takes on the references' look. Reference files (PNG or JPEG) are decoded downscaled. Without
/// references, six are rendered from the style description (see ``StyleDescriptionTargets``).
public struct BuiltInStyleLearner: StyleLearner {
    /// A learned embedding with its report.
    public struct Result: Sendable {
        /// The learned embedding.
        public var embedding: StyleEmbedding
        /// Loss and distance before and after learning.
        public var report: StyleLearningReport
    }

    /// References are decoded at a reduced size (longer side at least this; features are taken at 64x36 anyway).
    public static let referenceMaxSide = 128

    /// Part of every style's cache identity (v2: the loss also counts the spread of the renders' features; v3: every
    /// render is graded toward the style's own colour statistics, ``StyleGrade``).
    /// `builtin-style-v3`, with `:<steps>` when it optimises for other than the default 300 steps (another style).
    public var learnerId: String {
        options.steps == Options().steps ? "builtin-style-v3" : "builtin-style-v3:\(options.steps)"
    }
    /// Tuning knobs.
    public var options: Options

    /// Creates a learner.
    public init(options: Options = Options()) {
        self.options = options
    }

    /// Learns the style's embedding (see ``learn(_:)`` for the report) on a thread of its own: seconds of
    /// arithmetic must not occupy Swift's cooperative pool (2 threads on 2 cores), where the runtime renews the
    /// message's claim and the style's lease meanwhile.
    public func learnStyle(_ request: StyleRequest) async throws -> StyleEmbedding {
        try await BlockingWork.run("dreamframe-style-learner") { [self] in try learn(request).embedding }
    }

    /// The style feature distance between two images.
    public func styleDistance(_ a: RGBImage, _ b: RGBImage) -> Double {
        StyleFeatures.distance(StyleFeatures(image: a), StyleFeatures(image: b))
    }

    /// Learns the style and reports the loss and distances before and after.
    public func learn(_ request: StyleRequest) throws -> Result {
        let synthesized = request.referenceImages.isEmpty
        let (references, scenes) = try referencesAndScenes(for: request)
        let composer = FrameComposer()
        let canvases = scenes.enumerated().map { i, scene in
            composer.compose(scene, width: options.renderWidth, height: options.renderHeight, seed: UInt64(i))
        }
        let loss = StyleLoss(canvases: canvases, target: StyleFeatures.mean(references.map(StyleFeatures.init(image:))),
                             renderSeed: request.seed, spreadWeight: synthesized ? 0 : options.spreadWeight,
                             weightDecay: options.weightDecay)
        var rng = SeededGenerator(seed: request.seed, labels: ["style-learn", request.style.keyword])
        let start = (0..<StyleParameters.dimension).map { _ in Float(rng.gaussian() * 0.01) }
        let optimizer = StyleOptimizer(steps: max(1, options.steps), learningRate: options.learningRate)
        let run = optimizer.minimise(loss, from: start, rng: &rng)
        let (untrained, trained) = heldOutDistances(before: start, after: run.vector, to: references, seed: request.seed)
        let embedding = StyleEmbedding(styleId: StyleTrainingScenes.styleId(request, learner: learnerId),
                                       keyword: request.style.keyword, vector: run.vector, lossCurve: run.curve,
                                       learner: learnerId)
        let report = StyleLearningReport(lossInitial: run.lossInitial, lossFinal: run.lossFinal,
                                         distanceUntrained: untrained, distanceTrained: trained, steps: optimizer.steps,
                                         referenceCount: references.count, referencesSynthesized: synthesized)
        return Result(embedding: embedding, report: report)
    }

    /// The reference images and the scenes to render against them: the request's files (decoded downscaled) with
    /// scenes named after them, or, with none, references synthesized from the style description and their scenes.
    func referencesAndScenes(for request: StyleRequest) throws -> (references: [RGBImage], scenes: [FrameScene]) {
        if request.referenceImages.isEmpty {
            return (StyleTrainingScenes.synthesizeReferences(for: request.style), StyleTrainingScenes.referenceScenes)
        }
        let references = try request.referenceImages.map {
            try ImageDecoder.decode(path: $0, maxSide: Self.referenceMaxSide)
        }
        return (references, StyleTrainingScenes.scenes(forReferencePaths: request.referenceImages))
    }

    /// Mean style distance to the references of a scene the optimiser never saw, rendered with the `before` and the
    /// `after` vector.
    func heldOutDistances(before: [Float], after: [Float], to references: [RGBImage], seed: UInt64)
        -> (before: Double, after: Double) {
        let model = BuiltInImageModel()
        let heldOut = StyleTrainingScenes.heldOutScene
        let untrained = model.renderScene(heldOut, vector: before, seed: seed, width: 128, height: 72)
        let trained = model.renderScene(heldOut, vector: after, seed: seed, width: 128, height: 72)
        let distanceBefore = references.map { styleDistance(untrained, $0) }.reduce(0, +) / Double(references.count)
        let distanceAfter = references.map { styleDistance(trained, $0) }.reduce(0, +) / Double(references.count)
        return (distanceBefore, distanceAfter)
    }
}
