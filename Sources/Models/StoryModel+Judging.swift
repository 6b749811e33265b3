import DreamFrameCore
import Foundation

extension StoryModel {
    /// Default: this model does not judge (the built-in model), so the judge step is skipped.
    public func judgeQA(_ request: JudgeRequest) async throws -> JudgeVerdict? { nil }
}
