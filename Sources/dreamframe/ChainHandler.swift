import DreamFrameCore
import Foundation
import Models
import Pipeline

/// A no-op stage of the `bench chain` pipeline: it hands each item on to the next stage at once, as the real
/// message kinds do (write-plot → expand-substory → learn-style → render-frame → validate-movie), so every message
/// passes the real runtime — the door check, the claim, publishing with confirms, the done mark, the ack — and
/// nothing else costs time. The last stage reports the item finished.
struct ChainHandler: StageHandler {
    let stage: Stage
    let run: RunRecord
    let finished: @Sendable (MovieRef) -> Void

    func handle(_ envelope: Envelope, context: StageContext) async throws -> [Envelope] {
        let movie = envelope.movie
        switch envelope.body {
        case .writePlot(let message):
            return [Self.expandSubstory(message)]
        case .expandSubstory:
            return [NextMessages.learnStyle(movie, style: Self.style, referenceImages: run.styleImages)]
        case .learnStyle:
            return [Envelope(id: MessageId.renderFrame(movie, index: 1), movie: movie, body: .renderFrame(RenderFrame(
                movie: movie, index: 1, count: 1, prompt: "A quiet street at dawn.", hints: nil,
                styleId: Self.styleId, seed: 1, width: run.width, height: run.height)))]
        case .renderFrame:
            return [NextMessages.validateMovie(movie)]
        case .validateMovie:
            finished(movie)
            return []
        case .expandTinystory, .styleReady:
            throw StageError.permanent("the chain sends no \(envelope.kind.rawValue)")
        }
    }

    /// The chain's style: every movie names it (its movie hash says so), so its renders pass the door.
    static let styleId = "bench-chain-style"
    static let style = StyleSpec(keyword: "Plain", tone: "even", description: "A plain test style.")

    /// Substory 0 of the movie, with the seeds its run derives.
    static func expandSubstory(_ message: WritePlot) -> Envelope {
        let movie = message.movie
        let hero = StoryCharacter(name: "Ada", role: .main, appearance: "a tall woman in a grey coat")
        let context = MovieContext(title: "A Test", genre: "drama", style: style, locations: ["a street"],
                                   characters: [hero])
        let substory = Substory(index: 0, scene: ["a street"], content: "Ada walks down the street.",
                                qa: QAPair(question: "Where does Ada walk?", answer: "Down the street.", type: .where))
        return Envelope(id: MessageId.expandSubstory(movie, substory: 0), movie: movie, body: .expandSubstory(ExpandSubstory(
            movie: movie, movieSeed: message.seed, branching: message.branching,
            request: SubstoryRequest(seed: StableHash.subSeed(message.seed, "substory", 0), movie: context,
                                     substory: substory, tinystoryCount: message.branching.tinystories))))
    }
}
