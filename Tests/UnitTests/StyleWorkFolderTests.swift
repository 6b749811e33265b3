import BuiltInModels
import Foundation
import Imaging
import Models
import Pipeline
import Stages
import Testing
import TestSupport

/// An external trainer works in the run's style folder, never beside the reference images: a movie's own
/// reference folder (`--style-images /data/refs`) lies outside the output and is not ours to write next to.
@Suite("A trainer's work folder")
struct StyleWorkFolderTests {
    @Test("with a movie's own reference folder, the trainer works in <out>/<run>/styles/<style-id>/training/")
    func underTheRunsStyleFolder() async throws {
        let references = try TestPaths.temporaryDirectory("df-own-refs").appendingPathComponent("refs", isDirectory: true)
        try FileManager.default.createDirectory(at: references, withIntermediateDirectories: true)
        let png = try PNGEncoder().encode(RGBImage(width: 8, height: 8, color: RGBColor(200, 40, 90)))
        try png.write(to: references.appendingPathComponent("01.png"))
        let learner = ReferenceLearner()
        let pipeline = try InMemoryPipeline(storyModel: BuiltInStoryModel(), imageModel: BuiltInImageModel(), learner: learner)
        var run = InMemoryPipeline.run(movies: 1, branching: Branching(substories: 1, tinystories: 1, keyframes: 2))
        run.styleImages = references.path
        _ = try await pipeline.submit(run)
        _ = await pipeline.drain()

        let request = try #require(learner.requests.first)
        #expect(request.referenceImages == [references.appendingPathComponent("01.png").path])
        let work = try #require(request.workDirectory)
        #expect(work == pipeline.layout.styleTraining(runId: run.runId, styleId: request.styleId).path)
        #expect(work.hasPrefix(pipeline.layout.root.path + "/"), "\(work) is under the output \(pipeline.layout.root.path)")
        #expect(work.hasSuffix("/styles/\(OutputLayout.sanitize(request.styleId))/training"), "\(work)")
    }
}
