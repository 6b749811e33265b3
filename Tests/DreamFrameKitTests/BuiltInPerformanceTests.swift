import Foundation
import Testing
@testable import DreamFrameKit

@Suite("Built-in backends performance")
struct BuiltInPerformanceTests {
    @Test func frameRenderIsFast() throws {
        let model = BuiltInImageModel()
        var v = [Float](repeating: 0, count: 32)
        v[9] = 1; v[10] = 2; v[12] = 1; v[13] = 1.5
        let req = RenderRequest(prompt: "generate an image in Noir style: at the local tavern, a tall man with a grey beard in a brown coat is talking with a slim woman with long black hair in a red dress, with a worried face",
                                hints: nil, style: StyleEmbedding(styleId: "s", keyword: "Noir", vector: v, lossCurve: [], learner: "t"),
                                seed: 21, width: 512, height: 288)
        _ = try model.renderImage(req)
        let n = 3
        var start = Date()
        var image = RGBImage(width: 1, height: 1)
        for _ in 0..<n { image = try model.renderImage(req) }
        let ms = Date().timeIntervalSince(start) * 1000 / Double(n)
        start = Date()
        for _ in 0..<n { _ = try PNGEncoder().encode(image) }
        let encodeMs = Date().timeIntervalSince(start) * 1000 / Double(n)
        print("512x288 render: \(String(format: "%.1f", ms)) ms, PNG encode: \(String(format: "%.1f", encodeMs)) ms")
        #if DEBUG
        #expect(ms < 2000)
        #else
        #expect(ms < 50)
        #expect(ms + encodeMs < 60)
        #endif
    }
}

extension BuiltInPerformanceTests {
    @Test func dumpMovieWhenAsked() async throws {
        guard let dir = ProcessInfo.processInfo.environment["DREAMFRAME_DUMP"] else { return }
        let model = BuiltInStoryModel()
        let plot = try await model.writePlot(PlotRequest(seed: 77, theme: nil, substoryCount: 11))
        let sub = try await model.expandSubstory(SubstoryRequest(seed: 77, movie: plot.context, substory: plot.substories[4], tinystoryCount: 3))
        let tiny = try await model.expandTinystory(TinystoryRequest(seed: 77, movie: plot.context, substoryContent: plot.substories[4].content,
                                                                    tinystory: sub.tinystories[1], keyframeCount: 11))
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .withoutEscapingSlashes]
        try enc.encode(plot).write(to: URL(fileURLWithPath: "\(dir)/plot.json"))
        try enc.encode(sub).write(to: URL(fileURLWithPath: "\(dir)/sub.json"))
        try enc.encode(tiny).write(to: URL(fileURLWithPath: "\(dir)/tiny.json"))
        let style = try BuiltInStyleLearner(options: .init(steps: 150)).learn(StyleRequest(style: plot.style, referenceImages: [], seed: 1))
        for (i, ref) in StyleTrainingScenes.synthesizeReferences(for: plot.style).prefix(2).enumerated() {
            try PNGEncoder().encode(ref).write(to: URL(fileURLWithPath: "\(dir)/movie\(i + 2).png"))
        }
        print("report \(style.report)")
        for (i, f) in tiny.keyframes.prefix(2).enumerated() {
            let chars = f.characters.compactMap { n in plot.characters.first { $0.name == n } }
            let png = try await BuiltInImageModel().render(RenderRequest(prompt: f.description, hints: SceneHints(location: f.location, characters: chars, verb: f.verb, expression: f.expression),
                                                                         style: style.embedding, seed: 20 + UInt64(i), width: 512, height: 288))
            try png.write(to: URL(fileURLWithPath: "\(dir)/movie\(i).png"))
        }
    }
}
