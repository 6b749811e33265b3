import Foundation
import Testing
@testable import BuiltInModels
@testable import Models
@testable import Imaging

/// The built-in renderer lets each movie's style dominate its look: frames of one movie (many places, people and
/// poses) are far closer to each other than to another movie's frames.
@Suite("Style consistency of the built-in renderer")
struct StyleConsistencyTests {
    @Test("within-movie over across-movie style distance is at most 0.5 for movies of different styles")
    func styleDominatesEachMovie() throws {
        let model = BuiltInImageModel()
        var movies: [[StyleFeatures]] = []
        for seed in UInt64(1)...4 {
            let plot = try BuiltInStoryModel().plot(PlotRequest(seed: seed, theme: nil, substoryCount: 2))
            let vector = StyleDescriptionTargets.vector(for: plot.style)
            let people = plot.characters.map(\.appearance)
            let frames = plot.locations.prefix(6).enumerated().map { i, place in
                let scene = FrameScene(location: place, appearances: Array(people.prefix(1 + i % 2)),
                                       pose: FigurePose.allCases[i % 8], expression: FacialExpression.allCases[i % 10])
                return StyleFeatures(image: model.renderScene(scene, vector: vector, seed: UInt64(20 + i), width: 128, height: 72))
            }
            movies.append(frames)
        }
        let figure = StyleConsistency.measure(features: movies)
        #expect(figure.movies == 4 && figure.framesPerMovie == 6)
        #expect(figure.ratio <= 0.5, "within \(figure.withinMovie), across \(figure.acrossMovies)")
    }

    @Test("the grade moves a frame's colour statistics toward its style's, and only as far as its strength")
    func gradeMovesTowardTheStyle() {
        let canvas = FrameComposer().compose(FrameScene(location: "dark forest", appearances: [StyleTrainingScenes.woman],
                                                        pose: .walk, expression: .worried), width: 96, height: 54, seed: 1)
        var bright = [Float](repeating: 0, count: StyleParameters.dimension)
        bright[3] = 3  // brightness up
        let applier = StyleApplier(parameters: StyleParameters(vector: bright), seed: 1)
        let shaded = StyleApplier.shade(canvas, parameters: applier.parameters, seed: 1)
        var graded = shaded
        StyleGrade(from: ColourStats(image: shaded), to: applier.target).apply(to: &graded)
        func median(_ s: ColourStats) -> Double { s.level(at: 0.5) }
        let before = median(ColourStats(image: shaded)), after = median(ColourStats(image: graded)), target = median(applier.target)
        #expect(abs(after - target) < abs(before - target))
        #expect(abs(after - target) > 0.05 * abs(before - target), "strength \(StyleGrade.strength) leaves the scene some of its own")
        #expect(graded == applier.apply(to: canvas))
    }
}
