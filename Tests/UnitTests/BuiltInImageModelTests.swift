import Foundation
import Testing
import TestSupport
@testable import Pipeline
@testable import Clients
@testable import Models
@testable import BuiltInModels
@testable import HTTPModels
@testable import Imaging
@testable import Stages
@testable import DreamFrameCLI
import DreamFrameCore

@Suite("Built-in image model")
struct BuiltInImageModelTests {
    static let mara = StoryCharacter(name: "Mara", role: .main, appearance: "a slim woman with long black hair in a red dress")
    static let tomas = StoryCharacter(name: "Tomas", role: .main, appearance: "a tall stout man with a grey beard in a navy coat")

    func request(_ prompt: String, hints: SceneHints? = nil, vector: [Float] = Array(repeating: 0, count: 32),
                 seed: UInt64 = 20, w: Int = 256, h: Int = 144) -> RenderRequest {
        RenderRequest(prompt: prompt, hints: hints,
                      style: StyleEmbedding(styleId: "s", keyword: "Dramatic", vector: vector, lossCurve: [], learner: "t"),
                      seed: seed, width: w, height: h)
    }

    static func meanAbsDiff(_ a: RGBImage, _ b: RGBImage) -> Double {
        var s = 0
        for i in 0..<a.pixels.count { s += abs(Int(a.pixels[i]) - Int(b.pixels[i])) }
        return Double(s) / Double(a.pixels.count)
    }

    @Test func rendersValidDeterministicPNG() async throws {
        let model = BuiltInImageModel()
        let req = request("generate an image in Dramatic style: at the old tavern, \(Self.tomas.appearance) is talking with \(Self.mara.appearance), with a worried face")
        let a = try await model.render(req)
        let b = try await model.render(req)
        #expect(a == b)
        let img = try PNGDecoder().decode(a)
        #expect(img.width == 256 && img.height == 144)
        #expect(try model.renderPNG(req) == a)
        #expect(try model.renderImage(req) == img)
    }

    @Test func parsesThePaperForm() {
        let scene = FrameScene(prompt: "generate an image in Dramatic style: at the town square, \(Self.tomas.appearance) is hugging \(Self.mara.appearance), with a tender face")
        #expect(scene.location == "town square")
        #expect(scene.pose == .hug)
        #expect(scene.expression == .tender)
        #expect(scene.appearances == [Self.tomas.appearance, Self.mara.appearance])
        let authors = FrameScene(prompt: "generate an image in Dramatic style: In the blacksmith's shop, a man looks like Gerard Butler in brown is standing at his workbench, hammering a piece of metal.")
        #expect(authors.location == "blacksmith's shop")
        #expect(authors.pose == .stand)
        #expect(authors.appearances == ["a man looks like Gerard Butler in brown"])
    }

    @Test func locationsLookDifferent() throws {
        let model = BuiltInImageModel()
        let places = ["local tavern", "dark forest", "city walls", "harbor", "grand library", "desert ruins", "town square", "cellar"]
        let images = try places.map { try model.renderImage(request("generate an image in X style: at the \($0), \(Self.mara.appearance) is standing, with a calm face")) }
        for i in 0..<images.count {
            for j in (i + 1)..<images.count {
                #expect(Self.meanAbsDiff(images[i], images[j]) > 12, "\(places[i]) vs \(places[j])")
            }
        }
    }

    @Test func stylesLookClearlyDifferent() throws {
        let model = BuiltInImageModel()
        let prompt = "generate an image in X style: at the market, \(Self.mara.appearance) is walking, with a happy face"
        var noir = [Float](repeating: 0, count: 32)
        noir[1] = -2.5; noir[2] = 1.5; noir[10] = 2.5; noir[13] = 2; noir[14] = 2
        var pastel = [Float](repeating: 0, count: 32)
        pastel[1] = 1.5; pastel[3] = 1.2; pastel[0] = 0.8; pastel[12] = 2
        let a = try model.renderImage(request(prompt, vector: noir))
        let b = try model.renderImage(request(prompt, vector: pastel))
        #expect(Self.meanAbsDiff(a, b) > 25)
        #expect(StyleFeatures.distance(StyleFeatures(image: a), StyleFeatures(image: b)) > 0.3)
    }

    @Test func characterKeepsClothingColourAcrossFrames() throws {
        let model = BuiltInImageModel()
        let hints1 = SceneHints(location: "harbor", characters: [Self.mara], verb: "stand", expression: "happy")
        let hints2 = SceneHints(location: "grand library", characters: [Self.mara, Self.tomas], verb: "talk", expression: "sad")
        let neutral = [Float](repeating: 0, count: 32)
        for hints in [hints1, hints2] {
            let canvas = FrameComposer().compose(FrameScene(hints: hints), width: 256, height: 144, seed: 3)
            var count = 0
            for (i, l) in canvas.labels.enumerated() where l == RenderLabel.clothing.rawValue {
                if canvas.image.pixels[i * 3] == 190 && canvas.image.pixels[i * 3 + 1] == 35 && canvas.image.pixels[i * 3 + 2] == 35 { count += 1 }
            }
            #expect(count > 100, "red dress visible in \(hints.location)")
            _ = try model.renderImage(request("", hints: hints, vector: neutral))
        }
    }

    @Test func posesAndExpressionsChangeTheFigure() {
        let composer = FrameComposer()
        func canvas(_ pose: FigurePose, _ expression: FacialExpression) -> RGBImage {
            composer.compose(FrameScene(location: "meadow", appearances: [Self.tomas.appearance], pose: pose, expression: expression),
                             width: 256, height: 144, seed: 1).image
        }
        let poses = FigurePose.allCases
        let images = poses.map { canvas($0, .calm) }
        for i in 0..<images.count {
            for j in (i + 1)..<images.count { #expect(images[i] != images[j], "\(poses[i]) vs \(poses[j])") }
        }
        let faces = FacialExpression.allCases.map { canvas(.stand, $0) }
        #expect(Set(faces.map(\.pixels)).count == faces.count, "every expression draws a different face")
    }

}

extension BuiltInImageModelTests {
    @Test func oddSizesAndEmptyPromptsRender() throws {
        let model = BuiltInImageModel()
        for (w, h) in [(1, 1), (3, 2), (17, 9), (64, 300)] {
            let data = try model.renderPNG(request("", w: w, h: h))
            let img = try PNGDecoder().decode(data)
            #expect(img.width == w && img.height == h)
        }
        #expect(throws: ModelError.self) { try model.renderPNG(request("x", w: 0, h: 10)) }
    }
}
