import Models
import Clients
import DreamFrameCore
import Foundation

/// Builds a movie's ``StoryDocument`` from its expansion results, in story order.
public enum StoryAssembler {
    /// The whole-movie question the paper adds; its answer is the overview.
    public static let describeQuestion = "Describe in detail the events that occur in this movie."

    /// - Parameters:
    ///   - substories: level-2 results by substory index.
    ///   - tinystories: level-3 results by substory, then tinystory index.
    public static func assemble(movie: MovieRef, plot: MoviePlot, substories: [SubstoryExpansion],
                                tinystories: [[TinystoryExpansion]], seed: UInt64, branching: Branching) -> StoryDocument {
        var imgDiag: [[String]] = []
        var frames: [StoryDocument.FrameEntry] = []
        var qa: [StoryDocument.QAEntry] = []
        var substoryEntries: [StoryDocument.SubstoryEntry] = []
        let byName = Dictionary(plot.characters.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        for (s, substory) in plot.substories.enumerated() {
            qa.append(.init(question: substory.qa.question, answer: substory.qa.answer, type: substory.qa.type))
            let expansion = substories[s]
            qa.append(.init(question: expansion.qa.question, answer: expansion.qa.answer, type: expansion.qa.type))
            substoryEntries.append(.init(index: s, scene: substory.scene, content: substory.content,
                                         tinystories: expansion.tinystories))
            for level3 in tinystories[s] {
                for keyframe in level3.keyframes {
                    frames.append(.init(index: frames.count + 1, description: keyframe.description,
                                        hints: SceneHints(location: keyframe.location,
                                                          characters: keyframe.characters.compactMap { byName[$0] },
                                                          verb: keyframe.verb, expression: keyframe.expression)))
                    imgDiag.append(["frame", keyframe.description])
                    if let line = keyframe.dialogue, !line.isEmpty { imgDiag.append(["dialogue", line]) }
                }
                qa += level3.qa.map { .init(question: $0.question, answer: $0.answer, type: $0.type) }
            }
        }
        qa.append(.init(question: describeQuestion, answer: plot.overview, type: .describe))
        var document = StoryDocument(character: Dictionary(plot.characters.map { ($0.name, $0.appearance) },
                                                           uniquingKeysWith: { a, _ in a }),
                                     imgDiag: imgDiag, qa: qa, overview: plot.overview)
        document.videoId = movie.movieId
        document.runId = movie.runId
        document.title = plot.title
        document.genre = plot.genre
        document.theme = plot.theme
        document.style = plot.style
        document.locations = plot.locations
        document.characters = plot.characters
        document.substories = substoryEntries
        document.frames = frames
        document.seed = seed
        document.branching = branching
        return document
    }
}
