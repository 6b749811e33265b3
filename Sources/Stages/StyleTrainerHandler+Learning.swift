import DreamFrameCore
import Foundation
import Models
import Pipeline

extension StyleTrainerHandler {
    /// Learns the style under our lease, renewing it meanwhile (reference images drawn first when the learner
    /// needs them and the movie brought none); gives the lease up if learning fails.
    ///
    /// Drawing and training share one ``learnTimeLimit``: drawing is cut off at its end, and the learner is given
    /// what is left (``StyleRequest/timeLimit``). A limit spent on drawing fails as transient: the images drawn are
    /// kept, so the next attempt draws only the rest and trains with a fresh limit.
    func learn(_ message: LearnStyle, styleId: String, references given: [URL], lessee owner: String,
               context: StageContext) async throws -> StyleEmbedding {
        let state = context.state, lease = leaseSeconds
        let renewal = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(max(1, lease / 3)))
                guard !Task.isCancelled else { return }
                _ = try? await state.renewStyleLease(styleId, owner: owner, leaseSeconds: lease)
            }
        }
        defer { renewal.cancel() }
        do {
            let limit = TimeLimit(learnTimeLimit)
            var references = given
            if references.isEmpty, learner.needsReferenceImages, let drawer = self.references {
                references = try await draw(with: drawer, message, styleId: styleId, within: limit, context: context)
            }
            let logger = context.logger
            let work = context.layout.styleTraining(runId: message.movie.runId, styleId: styleId)
            let request = StyleRequest(style: message.style, referenceImages: references.map(\.path),
                                       seed: StableHash.subSeed(0, styleId), styleId: styleId, timeLimit: limit.remaining,
                                       workDirectory: work.path)
            var learned = try await learner.learnStyle(request) { line in
                logger.info("style learning", metadata: ["style": "\(styleId)", "progress": "\(line)"])
            }
            learned.styleId = styleId
            let stored = try await state.storeStyle(learned, owner: owner)
            context.logger.info("style learned", metadata: [
                "style": "\(styleId)", "learner": "\(learned.learner)", "loss_initial": "\(learned.lossCurve.first ?? 0)",
                "loss_final": "\(learned.artifact?.loss ?? Double(learned.lossCurve.last ?? 0))",
                "steps": "\(learned.artifact?.steps ?? learned.lossCurve.count)",
            ])
            return stored
        } catch {
            try? await state.releaseStyleLease(styleId, owner: owner)
            throw error
        }
    }

    /// Draws the style's reference images within `limit`, leaving part of it for the training.
    private func draw(with drawer: StyleReferences, _ message: LearnStyle, styleId: String, within limit: TimeLimit,
                      context: StageContext) async throws -> [URL] {
        let folder = context.layout.styleReferences(runId: message.movie.runId, styleId: styleId)
        let fileWait = self.fileWait
        do {
            let references = try await limit.run {
                try await drawer.draw(for: message, styleId: styleId, context: context, fileWait: fileWait)
            }
            guard !limit.isOver else {
                throw StageError.transient("drawing the reference images of style \(styleId) took the whole learning time "
                                           + "limit of \(limit.duration); they are kept in \(folder.path), and the next "
                                           + "attempt trains with a fresh limit")
            }
            return references
        } catch let exceeded as TimeLimitExceeded {
            let drawn = (try? StyleIdentity.referenceImages(in: folder.path).count) ?? 0
            throw StageError.transient("drawing the reference images of style \(styleId) \(exceeded) (the learning's: "
                                       + "drawing and training together); the \(drawn) drawn are kept in \(folder.path), "
                                       + "and the next attempt draws the rest and trains with a fresh limit")
        }
    }
}
