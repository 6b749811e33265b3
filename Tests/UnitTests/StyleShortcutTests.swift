import Foundation
import Testing
@testable import BuiltInModels
@testable import Models
@testable import Imaging

/// The style pass's shortcuts (the grade's one-sweep level match, edge distances measured once per canvas, hatch
/// lines decided once per diagonal) give exactly what the direct computation gives.
@Suite("Style pass shortcuts")
struct StyleShortcutTests {
    /// Style vectors with hatching and outlines from faint to heavy.
    static func vectors() -> [[Float]] {
        var rng = SeededGenerator(seed: 7, labels: ["style-shortcuts"])
        return (0..<6).map { i in
            var v = (0..<StyleParameters.dimension).map { _ in Float(rng.gaussian()) }
            v[10] = Float(i) - 1  // hatching from none to strong
            v[13] = Float(i) - 2  // outline width from thin to thick
            return v
        }
    }

    @Test("one sweep finds the same luminance level as a search per share")
    func levelsMatchTheSearch() {
        let canvas = FrameComposer().compose(FrameScene(location: "harbour at night", appearances: [StyleTrainingScenes.man],
                                                        pose: .walk, expression: .angry), width: 80, height: 45, seed: 3)
        for vector in Self.vectors() {
            let image = StyleApplier.shade(canvas, parameters: StyleParameters(vector: vector), seed: 3)
            let stats = ColourStats(image: image)
            // Rising shares, as a grade asks for them: below, on and between the distribution's steps, and past it.
            let shares = ([-0.5, 1e-9, 1.5] + (0..<300).map { Double($0) / 299 } + stats.cumulative
                          + stats.cumulative.map { $0 - 0.5 / 256 }).sorted()
            #expect(stats.levels(at: shares) == shares.map(stats.level(at:)))
        }
    }

    @Test("edge distances measured once and capped per style shade exactly as distances measured at the style's cap")
    func sharedEdgeDistancesShadeTheSame() {
        // 2,600 pixels wide: the thickest outlines reach the largest cap (30).
        for (width, height) in [(16, 16), (96, 54), (2600, 12)] {
            let canvas = FrameComposer().compose(FrameScene(location: "town square", appearances: [StyleTrainingScenes.woman],
                                                            pose: .talk, expression: .calm), width: width, height: height, seed: 5)
            let distances = StyleApplier.edgeDistances(of: canvas)
            for vector in Self.vectors() {
                let applier = StyleApplier(parameters: StyleParameters(vector: vector), seed: 9)
                #expect(applier.apply(to: canvas, edgeDistances: distances) == applier.apply(to: canvas),
                        "\(width)x\(height), outline \(applier.parameters.outlineWidth)")
            }
        }
    }

    @Test("a pixel is on a hatch line exactly when the remainder of its diagonal says so")
    func hatchLinesMatchTheRemainder() {
        for (width, height) in [(16, 16), (512, 288), (7, 5000)] {
            for vector in Self.vectors() {
                let applier = StyleApplier(parameters: StyleParameters(vector: vector), seed: 1)
                let pass = StylePass(applier: applier, width: width, height: height)
                guard applier.parameters.hatching > 0.01 else {
                    #expect(pass.hatchLine.isEmpty && pass.crossLine.isEmpty)
                    continue
                }
                let p = pass.hatchPeriod
                for y in stride(from: 0, to: height, by: max(1, height / 97)) {
                    for x in stride(from: 0, to: width, by: max(1, width / 89)) {
                        #expect(pass.hatchLine[x + y] == (Double(x + y).truncatingRemainder(dividingBy: p) < p * 0.4))
                        #expect(pass.crossLine[x - y + pass.crossOffset]
                                == (Double(x - y + 4096).truncatingRemainder(dividingBy: p) < p * 0.4))
                    }
                }
            }
        }
    }
}
