import Models
import Imaging
import DreamFrameCore
import Foundation

/// The offline, deterministic ``StoryModel``.
///
/// Level 1 builds a small world model (``StoryWorld``: who wants what and why, what stands in the way, where, how it
/// ends) and writes substories beat by beat from an arc (``StoryArc``); level 2 and 3 expand from the text they are
/// given. Every QA pair is asked from facts that are written into the story's own text. Output is a pure function of
/// the request (its seed included).
public struct BuiltInStoryModel: StoryModel {
    /// Creates the model; it holds no state.
    public init() {}

    /// Level 1: the movie prior and its substories (see ``plot(_:)``).
    public func writePlot(_ request: PlotRequest) async throws -> MoviePlot {
        try plot(request)
    }

    /// Level 2: one substory into tinystories (see ``substoryExpansion(_:)``).
    public func expandSubstory(_ request: SubstoryRequest) async throws -> SubstoryExpansion {
        try substoryExpansion(request)
    }

    /// Level 3: one tinystory into keyframes, dialogue and QA (see ``tinystoryExpansion(_:)``).
    public func expandTinystory(_ request: TinystoryRequest) async throws -> TinystoryExpansion {
        try tinystoryExpansion(request)
    }
}
