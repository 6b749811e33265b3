import Pipeline
import Models
import DreamFrameCore
import Foundation

/// Learns a movie's style or takes it from the cache, then releases the movie's renders (one message per keyframe).
///
/// A movie's renders never start before its style exists: this stage owns the fan-out. When several movies need the
/// same style, one process takes the learning lease (renewed while it learns) and the others park in Redis; the
/// learner wakes them with ``StyleReady`` messages once the embedding is stored — an event, not a polling loop. A
/// parked movie also looks again once a minute (a ``LearnStyle`` through the delay queue), so when the learner dies
/// or gives up, a parked movie takes the lease over instead of waiting forever.
public struct StyleTrainerHandler: StageHandler {
    public let stage = Stage.styleTrainer
    let learner: any StyleLearner
    let leaseSeconds: Int
    /// How long to wait for a story another host wrote before retrying later.
    let fileWait: Duration
    /// This process in style leases (with the message id): a redelivered copy of a learning message in another
    /// process, or another movie's message in this one, never learns a second time alongside the first.
    let owner: String
    /// Draws a style's reference images when the learner trains from images and the movie brought none.
    let references: StyleReferences?
    /// The longest one style's learning may take, drawing its reference images and training together: one
    /// delivery's work, which must end before the broker's consumer timeout takes the delivery back.
    let learnTimeLimit: Duration

    /// The default learning limit: 6600 s, under the 2-hour `consumer_timeout` of ops/rabbitmq/rabbitmq.conf with
    /// time to store the style and release the movie's renders.
    public static let defaultLearnTimeLimit = Duration.seconds(6600)

    /// A handler that learns styles with `learner`, holding a style's learning lease for `leaseSeconds` (renewed
    /// every third of it while learning). A learner that trains from images (``StyleLearner/needsReferenceImages``)
    /// gets them drawn by `references` when a movie brings none. Drawing and training a style together take at
    /// most `learnTimeLimit`.
    public init(learner: any StyleLearner, leaseSeconds: Int, fileWait: Duration = SharedFiles.defaultWait,
                owner: String = ProcessToken.current, references: StyleReferences? = nil,
                learnTimeLimit: Duration = defaultLearnTimeLimit) {
        self.learner = learner
        self.leaseSeconds = max(3, leaseSeconds)
        self.fileWait = fileWait
        self.owner = owner
        self.references = references
        self.learnTimeLimit = learnTimeLimit
    }

    /// The learner in the cache key of a style without reference images: what it is, and how its references
    /// are drawn when it trains from images.
    var learnerWithoutReferences: String {
        guard learner.needsReferenceImages, let references else { return learner.learnerId }
        return learner.learnerId + "+refs:" + references.identity
    }

    public func handle(_ envelope: Envelope, context: StageContext) async throws -> [Envelope] {
        switch envelope.body {
        case .learnStyle(let message):
            return try await learnOrWait(message, lessee: "\(owner)/\(envelope.id)", context: context)
        case .styleReady(let message):
            guard let stored = try await context.state.style(message.styleId) else {
                throw StageError.transient("style \(message.styleId) is not in the cache")
            }
            return try await release(message.movie, style: stored, context: context)
        default:
            throw StageError.permanent("style-trainer cannot handle \(envelope.kind.rawValue)")
        }
    }

    private func learnOrWait(_ message: LearnStyle, lessee: String, context: StageContext) async throws -> [Envelope] {
        if message.recheck != nil, try await alreadyReleased(message.movie, context: context) {
            return []  // Woken by style-ready meanwhile: its renders are out.
        }
        let references = try StyleIdentity.referenceImages(in: message.referenceImages)
        if references.isEmpty, learner.needsReferenceImages, self.references == nil {
            throw StageError.permanent("the style learner trains from reference images, the movie brings none, and no "
                                       + "image model is configured to draw them")
        }
        let styleId = try StyleIdentity.make(style: message.style, referenceImages: references,
                                             learnerId: references.isEmpty ? learnerWithoutReferences : learner.learnerId)
        let movie = message.movie
        switch try await context.state.claimStyle(styleId, owner: lessee, leaseSeconds: leaseSeconds, waiter: movie) {
        case .wait:
            try await context.state.setState(movie, .waitingForStyle, [.styleId: styleId])
            try await lookAgainLater(message, context: context)
            context.logger.info("style is being learned elsewhere; movie parked",
                                metadata: ["movie": "\(movie)", "style": "\(styleId)"])
            return []
        case .learn:
            // Named on the movie while it learns, so `dreamframe repair` sees the lease and leaves it alone.
            try await context.state.updateMovie(movie, [.styleId: styleId])
            let stored = try await learn(message, styleId: styleId, references: references, lessee: lessee,
                                         context: context)
            return try await release(movie, style: stored, context: context)
        case .ready:
            guard let stored = try await context.state.style(styleId) else {
                throw StageError.transient("style \(styleId) vanished from the cache")
            }
            return try await release(movie, style: stored, context: context)
        }
    }

    /// True when the movie's renders were released already (it is rendering or done).
    private func alreadyReleased(_ movie: MovieRef, context: StageContext) async throws -> Bool {
        let state = try await context.state.movieFields(movie)[MovieField.state.rawValue].flatMap(MovieState.init(rawValue:))
        return state.map { $0 >= .rendering } ?? false
    }

    /// Sends this movie's style request around the longest delay queue, so a parked movie looks again even if
    /// the learner it waits for dies or gives up.
    private func lookAgainLater(_ message: LearnStyle, context: StageContext) async throws {
        try await context.publishLater([NextMessages.styleRecheck(message)])
    }

    /// Wakes movies parked on the style, stores the style with the run, and returns the movie's render fan-out.
    private func release(_ movie: MovieRef, style: StyleEmbedding, context: StageContext) async throws -> [Envelope] {
        let waiters = try await context.state.styleWaiters(style.styleId)
        if !waiters.isEmpty {
            try await context.publish(waiters.map { NextMessages.styleReady($0, styleId: style.styleId) })
            try await context.state.removeStyleWaiters(style.styleId, waiters)
        }
        let styleFile = context.layout.style(runId: movie.runId, styleId: style.styleId)
        if !FileManager.default.fileExists(atPath: styleFile.path) { try AtomicFile.writeJSON(style, to: styleFile) }

        let storyURL = context.layout.story(movie)
        try await SharedFiles.require(storyURL, what: "story.json of \(movie)", limit: fileWait)
        let story = try StoryDocument.load(storyURL)
        let run = try await context.state.run(movie.runId)
        let renders = NextMessages.renderFrames(movie, story: story, styleId: style.styleId, run: run)
        try await context.state.setState(movie, .rendering, [.styleId: style.styleId,
                                                             .expectedFrames: String(renders.count)])
        try await context.state.markProgress(.styleTrainer, index: 0, movie: movie)
        return renders
    }
}
