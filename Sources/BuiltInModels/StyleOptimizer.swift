import Foundation

/// Minimises a ``StyleLoss`` by SPSA gradient estimates with Adam: each step probes the loss at two points along a
/// random ±1 direction and moves against the estimated gradient, with a step size that decays linearly to 30%.
struct StyleOptimizer {
    /// How a run went.
    struct Run {
        /// The best vector seen: the final one, or an earlier probe if that scored lower.
        var vector: [Float]
        /// Loss at the start vector.
        var lossInitial: Double
        /// Loss at the returned vector.
        var lossFinal: Double
        /// The initial loss, the mean of each later step's two probes, then the final loss (steps + 1 values).
        var curve: [Float]
    }

    /// Optimisation steps (each costs two loss evaluations); at least 1.
    let steps: Int
    /// Adam step size at the first step.
    let learningRate: Double

    /// Runs the optimisation from `start`, drawing probe directions from `rng`.
    func minimise(_ loss: StyleLoss, from start: [Float], rng: inout SeededGenerator) -> Run {
        let dim = start.count
        var theta = start
        let lossInitial = loss(theta)
        var m = [Double](repeating: 0, count: dim), s = [Double](repeating: 0, count: dim)
        var curve: [Float] = [Float(lossInitial)]
        var best = (theta, lossInitial)
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
            let lr = learningRate * (1 - 0.7 * Double(k) / Double(steps))
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
        return Run(vector: theta, lossInitial: lossInitial, lossFinal: lossFinal, curve: curve)
    }
}
