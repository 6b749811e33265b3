import Models
import Foundation

/// A kept QA pair and the pairs rejected as its near-duplicates, by their index in the story's QA list.
public struct NearDuplicateCluster: Codable, Sendable, Hashable {
    /// The index of the kept pair.
    public var kept: Int
    /// Its question.
    public var question: String
    /// The indexes of its near-duplicates, in order.
    public var duplicates: [Int]

    /// Creates a cluster.
    public init(kept: Int, question: String, duplicates: [Int]) {
        self.kept = kept
        self.question = question
        self.duplicates = duplicates
    }

    /// The clusters of a movie's verdicts (``QAVerdict/duplicateOf``), in the order of their kept pair.
    public static func clusters(of verdicts: [QAVerdict]) -> [NearDuplicateCluster] {
        let byIndex = Dictionary(verdicts.map { ($0.index, $0) }, uniquingKeysWith: { a, _ in a })
        let groups = Dictionary(grouping: verdicts.filter { $0.duplicateOf != nil }, by: { $0.duplicateOf ?? 0 })
        return groups.keys.sorted().map { kept in
            NearDuplicateCluster(kept: kept, question: byIndex[kept]?.question ?? "",
                                 duplicates: (groups[kept] ?? []).map(\.index).sorted())
        }
    }
}
