import Foundation

/// The built-in style learner's loss: how far renders of the training scenes in a candidate style are from the
/// references' mean features, plus (weighted) the spread of the renders' features around their own mean and a weight
/// decay on the vector.
struct StyleLoss {
    /// The training scenes, composed once; only the style pass changes between evaluations.
    let canvases: [RenderCanvas]
    /// The references' mean ``StyleFeatures`` values.
    let target: [Double]
    /// Seeds the style pass's grain.
    let renderSeed: UInt64
    /// Weight of the renders' feature spread (0 when the references are synthesized).
    let spreadWeight: Double
    /// L2 penalty on the vector.
    let weightDecay: Double
    /// Each canvas's edge distances (``StyleApplier/edgeDistances(of:)``), measured once for every evaluation.
    let edgeDistances: [[UInt8]]

    init(canvases: [RenderCanvas], target: [Double], renderSeed: UInt64, spreadWeight: Double, weightDecay: Double) {
        self.canvases = canvases
        self.target = target
        self.renderSeed = renderSeed
        self.spreadWeight = spreadWeight
        self.weightDecay = weightDecay
        edgeDistances = canvases.map(StyleApplier.edgeDistances(of:))
    }

    /// The loss of style vector `v`.
    func callAsFunction(_ v: [Float]) -> Double {
        let applier = StyleApplier(parameters: StyleParameters(vector: v), seed: renderSeed)
        let features = zip(canvases, edgeDistances).map { canvas, distances in
            StyleFeatures(image: applier.apply(to: canvas, edgeDistances: distances))
        }
        // Weight decay keeps directions the references do not constrain near the neutral look.
        let decay = v.reduce(0.0) { $0 + Double($1) * Double($1) } * weightDecay
        let mean = StyleFeatures.mean(features)
        // The spread term makes each render, not only their average, match the references' look.
        let spread = spreadWeight == 0 ? 0
            : features.map { StyleFeatures.squaredDistance($0.values, mean) }.reduce(0, +) / Double(features.count)
        return StyleFeatures.squaredDistance(mean, target) + spreadWeight * spread + decay
    }
}
