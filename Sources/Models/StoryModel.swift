import DreamFrameCore
import Foundation

/// The text model role: answers the paper's three expansion contracts.
///
/// The built-in implementation is deterministic by seed; the HTTP implementation sends the same requests to an
/// OpenAI-compatible chat API.
public protocol StoryModel: Sendable {
    /// Level 1: the movie prior and its substories.
    func writePlot(_ request: PlotRequest) async throws -> MoviePlot
    /// Level 2: one substory into tinystories.
    func expandSubstory(_ request: SubstoryRequest) async throws -> SubstoryExpansion
    /// Level 3: one tinystory into keyframes, dialogue and QA.
    func expandTinystory(_ request: TinystoryRequest) async throws -> TinystoryExpansion
    /// LLM-as-judge: whether a QA pair is supported by the movie; nil when the model does not judge.
    func judgeQA(_ request: JudgeRequest) async throws -> JudgeVerdict?
}
