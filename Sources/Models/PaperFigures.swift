import Foundation

/// The paper's own figures that generated data is measured against (DreamFrame, arXiv 2403.01422, and the authors'
/// sample movie `story_info_0.json`).
public enum PaperFigures {
    /// The genre mix of the paper's dataset, in percent, largest first.
    public static let genreShares: [(genre: String, percent: Double)] = [
        ("Drama", 25.9), ("Comedy", 13.0), ("Romance", 9.7), ("Anime", 9.7), ("Adventure", 6.4), ("Family", 6.4),
        ("Historical", 5.4), ("Horror", 4.3), ("Mystery", 4.3), ("Crime", 3.2), ("Action", 3.2), ("Fantasy", 3.2),
        ("Disaster", 2.1), ("Sci-Fi", 2.1), ("Biography", 1.1),
    ]

    /// The QA types of the authors' sample movie (plus one whole-movie description): why 98, what 20, how 18,
    /// where 7.
    public static let sampleQATypeCounts: [(type: QAType, count: Int)] = [(.why, 98), (.what, 20), (.how, 18), (.where, 7)]

    /// A QA type's share of the authors' sample movie's typed questions, in percent (0 for the description).
    public static func qaTypePercent(_ type: QAType) -> Double {
        let total = sampleQATypeCounts.reduce(0) { $0 + $1.count }
        return Double(sampleQATypeCounts.first { $0.type == type }?.count ?? 0) * 100 / Double(total)
    }

    /// QA pairs of the authors' sample movie, the description included.
    public static let qaPerMovie = 144
    /// Keyframes of a movie at the paper's branching (11 x 11 x 11).
    public static let framesPerMovie = 1331

    /// A genre's share of the paper's dataset in percent (0 for a genre it does not have).
    public static func genrePercent(_ genre: String) -> Double {
        genreShares.first { $0.genre == genre }?.percent ?? 0
    }
}
