import Pipeline
import Models
import DreamFrameCore
import Foundation

/// Renders one keyframe to `frames/NNNN.png` (atomically, at its story-order path), then marks it in the movie's
/// frame bitmap; the message that completes the bitmap sends the movie to validation, exactly once. Every other
/// frame's message is finished by the same round trip as its mark.
public struct FrameRendererHandler: StageHandler {
    public let stage = Stage.frameRenderer
    let model: any ImageModel
    let styles: StyleMemo
    let record: RendererRecord

    /// A handler that renders with `model`, reading style embeddings from `state` once per process.
    public init(model: any ImageModel, state: any PipelineStore) {
        self.model = model
        self.styles = StyleMemo(state: state)
        self.record = RendererRecord(settings: model.settings)
    }

    public func handle(_ envelope: Envelope, context: StageContext) async throws -> [Envelope] {
        guard case .renderFrame(let message) = envelope.body else {
            throw StageError.permanent("frame-renderer cannot handle \(envelope.kind.rawValue)")
        }
        guard message.index >= 1, message.index <= message.count, (16...4096).contains(message.width),
              (16...4096).contains(message.height) else {
            throw StageError.permanent("frame \(message.index) of \(message.count) at \(message.width)x\(message.height) is out of range")
        }
        let movie = message.movie
        let path = context.layout.framePath(movie, index: message.index)
        // A frame is skipped only when it is on disk and marked; the file is looked at first, so a first delivery
        // (no file yet) costs no round trip for the mark.
        var rendered = false
        if access(path, F_OK) == 0 {
            rendered = try await context.state.isProgressMarked(.frameRenderer, index: message.index - 1, movie: movie)
        }
        if !rendered {
            guard let style = try await styles.embedding(message.styleId) else {
                throw StageError.transient("style \(message.styleId) is not in the cache")
            }
            let png = try await model.render(RenderRequest(prompt: message.prompt, hints: message.hints, style: style,
                                                           seed: message.seed, width: message.width, height: message.height))
            try AtomicFile.write(png, toPath: path)
            record.note(runId: movie.runId, layout: context.layout)
        }
        // The last step: for every frame but the one that completes the movie, the mark also finishes the message.
        let last = try await context.markFanIn(.frameRenderer, index: message.index - 1, expected: message.count,
                                               movie: movie, claimant: envelope.id)
        guard last else { return [] }
        context.logger.info("all frames rendered", metadata: ["movie": "\(movie)", "frames": "\(message.count)"])
        return [NextMessages.validateMovie(movie)]
    }
}
