import Pipeline
import Models
import DreamFrameCore
import Foundation

/// Learns a movie's style or takes it from the cache, then releases the movie's renders (one message per keyframe).
///
/// A movie's renders never start before its style exists: this stage owns the fan-out. When several movies need the
/// same style, one takes the learning lease and the others park in Redis; the learner wakes them with ``StyleReady``
/// messages once the embedding is stored — an event, not a polling loop.
public struct StyleTrainerHandler: StageHandler {
    public let stage = Stage.styleTrainer
    let learner: any StyleLearner
    let leaseSeconds: Int
    /// How long to wait for a story another host wrote before retrying later.
    let fileWait: Duration

    /// A handler that learns styles with `learner`, holding a style's learning lease for `leaseSeconds`.
    public init(learner: any StyleLearner, leaseSeconds: Int, fileWait: Duration = SharedFiles.defaultWait) {
        self.learner = learner
        self.leaseSeconds = leaseSeconds
        self.fileWait = fileWait
    }

    public func handle(_ envelope: Envelope, context: StageContext) async throws -> [Envelope] {
        switch envelope.body {
        case .learnStyle(let message):
            let references = try StyleIdentity.referenceImages(in: message.referenceImages)
            let styleId = try StyleIdentity.make(style: message.style, referenceImages: references, learnerId: learner.learnerId)
            let movie = message.movie
            switch try await context.state.claimStyle(styleId, owner: envelope.id, leaseSeconds: leaseSeconds,
                                                      waiter: movie) {
            case .wait:
                try await context.state.setState(movie, .waitingForStyle, [.styleId: styleId])
                context.logger.info("style is being learned elsewhere; movie parked", metadata: ["movie": "\(movie)", "style": "\(styleId)"])
                return []
            case .learn:
                var learned = try await learner.learnStyle(StyleRequest(style: message.style,
                                                                         referenceImages: references.map(\.path),
                                                                         seed: StableHash.subSeed(0, styleId)))
                learned.styleId = styleId
                let stored = try await context.state.storeStyle(learned, owner: envelope.id)
                context.logger.info("style learned", metadata: [
                    "style": "\(styleId)", "loss_initial": "\(learned.lossCurve.first ?? 0)",
                    "loss_final": "\(learned.lossCurve.last ?? 0)", "steps": "\(learned.lossCurve.count)",
                ])
                return try await release(movie, style: stored, context: context)
            case .ready:
                guard let stored = try await context.state.style(styleId) else {
                    throw StageError.transient("style \(styleId) vanished from the cache")
                }
                return try await release(movie, style: stored, context: context)
            }
        case .styleReady(let message):
            guard let stored = try await context.state.style(message.styleId) else {
                throw StageError.transient("style \(message.styleId) is not in the cache")
            }
            return try await release(message.movie, style: stored, context: context)
        default:
            throw StageError.permanent("style-trainer cannot handle \(envelope.kind.rawValue)")
        }
    }

    /// Wakes movies parked on the style, stores the style with the run, and returns the movie's render fan-out.
    private func release(_ movie: MovieRef, style: StyleEmbedding, context: StageContext) async throws -> [Envelope] {
        let waiters = try await context.state.styleWaiters(style.styleId)
        if !waiters.isEmpty {
            let wakeUps = waiters.map { parked in
                Envelope(id: "\(parked)/style-ready", movie: parked,
                         body: .styleReady(StyleReady(movie: parked, styleId: style.styleId)))
            }
            try await context.publish(wakeUps)
            try await context.state.removeStyleWaiters(style.styleId, waiters)
        }
        let styleFile = context.layout.style(runId: movie.runId, styleId: style.styleId)
        if !FileManager.default.fileExists(atPath: styleFile.path) { try AtomicFile.writeJSON(style, to: styleFile) }

        let storyURL = context.layout.story(movie)
        try await SharedFiles.require(storyURL, what: "story.json of \(movie)", limit: fileWait)
        let story = try StoryDocument.load(storyURL)
        let run = try await context.state.run(movie.runId)
        let width = run?.width ?? 512, height = run?.height ?? 288
        let frames = story.frameEntries
        let movieSeed = story.seed ?? 0
        try await context.state.setState(movie, .rendering, [.styleId: style.styleId,
                                                             .expectedFrames: String(frames.count)])
        try await context.state.markProgress(.styleTrainer, index: 0, movie: movie)
        return frames.map { frame in
            Envelope(id: "\(movie)/f\(frame.index)", movie: movie, body: .renderFrame(RenderFrame(
                movie: movie, index: frame.index, count: frames.count, prompt: frame.description, hints: frame.hints,
                styleId: style.styleId, seed: FrameSeed.seed(movieSeed: movieSeed, frameIndex: frame.index), width: width, height: height)))
        }
    }
}
