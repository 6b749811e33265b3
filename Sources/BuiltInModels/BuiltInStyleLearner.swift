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
    /// Tuning knobs; the defaults suit the CLI, tests may use fewer steps.
    public struct Options: Sendable, Hashable {
        /// Optimisation steps (each costs two loss evaluations).
        public var steps: Int
        /// Width of the small training renders.
        public var renderWidth: Int
        /// Height of the small training renders.
        public var renderHeight: Int
        /// Adam step size (decays linearly to 30%).
        public var learningRate: Double
        /// L2 penalty on the vector, added to the style loss.
        public var weightDecay: Double
        /// With reference images, weight of the renders' feature spread around their mean, added to the style loss
        /// (at 1 the loss is the mean per-render squared distance to the references' mean features). Synthesized
        /// references are built-in renders themselves, so without reference images the spread is not counted.
        public var spreadWeight: Double

        /// Creates options; the defaults take about 1.5 s in a release build.
        public init(steps: Int = 300, renderWidth: Int = 96, renderHeight: Int = 54, learningRate: Double = 0.12,
                    weightDecay: Double = 0.0005, spreadWeight: Double = 1) {
            self.weightDecay = weightDecay
            self.spreadWeight = spreadWeight
            self.steps = steps
            self.renderWidth = renderWidth
            self.renderHeight = renderHeight
            self.learningRate = learningRate
        }
    }

    /// A learned embedding with its report.
    public struct Result: Sendable {
        /// The learned embedding.
        public var embedding: StyleEmbedding
        /// Loss and distance before and after learning.
        public var report: StyleLearningReport
    }

    /// References are decoded at a reduced size (longer side at least this; features are taken at 64x36 anyway).
    public static let referenceMaxSide = 128

    /// Part of every style's cache identity (v2: the loss also counts the spread of the renders' features).
    public let learnerId = "builtin-style-v2"
    /// Tuning knobs.
    public var options: Options

    /// Creates a learner.
    public init(options: Options = Options()) {
        self.options = options
    }

    /// Learns the style's embedding (see ``learn(_:)`` for the report).
    public func learnStyle(_ request: StyleRequest) async throws -> StyleEmbedding {
        try learn(request).embedding
    }

    /// The style feature distance between two images.
    public func styleDistance(_ a: RGBImage, _ b: RGBImage) -> Double {
        StyleFeatures.distance(StyleFeatures(image: a), StyleFeatures(image: b))
    }

    /// Learns the style and reports the loss and distances before and after.
    public func learn(_ request: StyleRequest) throws -> Result {
        let references: [RGBImage]
        let scenes: [FrameScene]
        let synthesized = request.referenceImages.isEmpty
        if synthesized {
            scenes = StyleTrainingScenes.referenceScenes
            references = StyleTrainingScenes.synthesizeReferences(for: request.style)
        } else {
            references = try request.referenceImages.map { try ImageDecoder.decode(path: $0, maxSide: Self.referenceMaxSide) }
            scenes = StyleTrainingScenes.scenes(forReferencePaths: request.referenceImages)
        }
        let target = StyleFeatures.mean(references.map(StyleFeatures.init(image:)))
        let composer = FrameComposer()
        let canvases = scenes.enumerated().map { i, s in
            composer.compose(s, width: options.renderWidth, height: options.renderHeight, seed: UInt64(i))
        }
        let renderSeed = request.seed
        let spreadWeight = synthesized ? 0 : options.spreadWeight
        func loss(_ v: [Float]) -> Double {
            let feats = canvases.map { c in
                StyleFeatures(image: StyleApplier(parameters: StyleParameters(vector: v), seed: renderSeed).apply(to: c))
            }
            // Weight decay keeps directions the references do not constrain near the neutral look.
            let decay = v.reduce(0.0) { $0 + Double($1) * Double($1) } * options.weightDecay
            let mean = StyleFeatures.mean(feats)
            // The spread term makes each render, not only their average, match the references' look.
            let spread = spreadWeight == 0 ? 0
                : feats.map { StyleFeatures.squaredDistance($0.values, mean) }.reduce(0, +) / Double(feats.count)
            return StyleFeatures.squaredDistance(mean, target) + spreadWeight * spread + decay
        }

        var rng = SeededGenerator(seed: request.seed, labels: ["style-learn", request.style.keyword])
        let dim = StyleParameters.dimension
        var theta = (0..<dim).map { _ in Float(rng.gaussian() * 0.01) }
        let initial = theta
        let lossInitial = loss(theta)
        var m = [Double](repeating: 0, count: dim), s = [Double](repeating: 0, count: dim)
        // Curve: the initial loss, the mean of each step's two probes, then the final loss (steps + 1 values).
        var curve: [Float] = [Float(lossInitial)]
        var best = (theta, lossInitial)
        let steps = max(1, options.steps)
        for k in 0..<steps {
            let c = 0.2 / pow(Double(k + 1), 0.101)
            let delta = (0..<dim).map { _ in rng.chance(0.5) ? 1.0 : -1.0 }
            let plus = zip(theta, delta).map { Float(Double($0) + c * $1) }
            let minus = zip(theta, delta).map { Float(Double($0) - c * $1) }
            let lp = loss(plus), lm = loss(minus)
            if k > 0 { curve.append(Float((lp + lm) / 2)) }
            if lp < best.1 { best = (plus, lp) }
            if lm < best.1 { best = (minus, lm) }
            let scale = (lp - lm) / (2 * c)
            let lr = options.learningRate * (1 - 0.7 * Double(k) / Double(steps))
            for i in 0..<dim {
                let g = scale * delta[i]
                m[i] = 0.9 * m[i] + 0.1 * g
                s[i] = 0.999 * s[i] + 0.001 * g * g
                let mh = m[i] / (1 - pow(0.9, Double(k + 1))), sh = s[i] / (1 - pow(0.999, Double(k + 1)))
                theta[i] -= Float(lr * mh / (sh.squareRoot() + 1e-8))
            }
        }
        var lossFinal = loss(theta)
        if best.1 < lossFinal { theta = best.0; lossFinal = best.1 }
        curve.append(Float(lossFinal))

        // Held-out check: a scene the optimiser never saw, rendered before and after.
        let model = BuiltInImageModel()
        let heldOut = StyleTrainingScenes.heldOutScene
        let before = model.renderScene(heldOut, vector: initial, seed: request.seed, width: 128, height: 72)
        let after = model.renderScene(heldOut, vector: theta, seed: request.seed, width: 128, height: 72)
        let dU = references.map { styleDistance(before, $0) }.reduce(0, +) / Double(references.count)
        let dT = references.map { styleDistance(after, $0) }.reduce(0, +) / Double(references.count)

        let embedding = StyleEmbedding(styleId: StyleTrainingScenes.styleId(request, learner: learnerId),
                                       keyword: request.style.keyword, vector: theta, lossCurve: curve, learner: learnerId)
        let report = StyleLearningReport(lossInitial: lossInitial, lossFinal: lossFinal, distanceUntrained: dU,
                                         distanceTrained: dT, steps: steps, referenceCount: references.count,
                                         referencesSynthesized: synthesized)
        return Result(embedding: embedding, report: report)
    }
}
