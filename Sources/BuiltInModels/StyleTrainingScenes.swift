import Models
import Imaging
import DreamFrameCore
import Foundation

/// The scenes the built-in style learner renders while optimising, and its synthesized references.
public enum StyleTrainingScenes {
    static let woman = "a slim woman with long brown hair in a green dress"
    static let man = "a tall man with a black beard in a brown coat"

    /// Four varied scenes (indoor/outdoor, day/night, figures) used when references carry no location names.
    public static let defaultScenes: [FrameScene] = [
        FrameScene(location: "local tavern", appearances: [man, woman], pose: .talk, expression: .happy),
        FrameScene(location: "dark forest", appearances: [woman], pose: .walk, expression: .worried),
        FrameScene(location: "town square", appearances: [man], pose: .stand, expression: .calm),
        FrameScene(location: "harbor", appearances: [woman, man], pose: .hug, expression: .tender),
    ]

    /// A scene never used for optimisation, for the report's before/after distance.
    public static let heldOutScene = FrameScene(location: "castle gate", appearances: [woman, man], pose: .hold,
                                                expression: .determined)

    /// Locations for synthesized references (six, varied).
    static let referenceLocations = ["grand library", "city walls", "mountain pass", "cathedral", "market street", "meadow"]

    /// The six scenes synthesized references show (varied places, people and poses).
    public static let referenceScenes: [FrameScene] = {
        let poses: [FigurePose] = [.stand, .sit, .look, .walk, .talk, .squat]
        return referenceLocations.enumerated().map { i, place in
            FrameScene(location: place, appearances: i % 2 == 0 ? [man, woman] : [woman],
                       pose: poses[i % poses.count], expression: FacialExpression.allCases[i % 10])
        }
    }()

    /// Renders the ``referenceScenes`` in the style the description implies (see ``StyleDescriptionTargets``).
    public static func synthesizeReferences(for style: StyleSpec) -> [RGBImage] {
        let vector = StyleDescriptionTargets.vector(for: style)
        let model = BuiltInImageModel()
        return referenceScenes.enumerated().map { i, scene in
            model.renderScene(scene, vector: vector, seed: UInt64(100 + i), width: 128, height: 72)
        }
    }

    /// Training scenes named after reference files ("LocalTavern0.jpg" → "Local Tavern"), at most six.
    public static func scenes(forReferencePaths paths: [String]) -> [FrameScene] {
        var names: [String] = []
        for path in paths {
            let base = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
            var words: [String] = [], current = ""
            for ch in base {
                if ch.isNumber || ch == "_" || ch == "-" || ch == " " {
                    if !current.isEmpty { words.append(current); current = "" }
                } else if ch.isUppercase, !current.isEmpty {
                    words.append(current); current = String(ch)
                } else {
                    current.append(ch)
                }
            }
            if !current.isEmpty { words.append(current) }
            let name = words.joined(separator: " ").lowercased()
            if !name.isEmpty, !names.contains(name) { names.append(name) }
        }
        guard !names.isEmpty else { return defaultScenes }
        return names.prefix(6).enumerated().map { i, place in
            var s = defaultScenes[i % defaultScenes.count]
            s.location = place
            return s
        }
    }

    /// A stable identity for the learned style: learner, keyword, description and reference file names.
    static func styleId(_ request: StyleRequest, learner: String) -> String {
        let text = ([learner, request.style.keyword, request.style.tone, request.style.description, String(request.seed)]
            + request.referenceImages.map { URL(fileURLWithPath: $0).lastPathComponent }).joined(separator: "|")
        return String(format: "%016llx", StableHash.fnv1a(text))
    }
}
