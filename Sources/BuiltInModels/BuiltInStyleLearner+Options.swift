import Foundation

extension BuiltInStyleLearner {
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
}
