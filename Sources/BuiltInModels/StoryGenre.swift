import Models
import Foundation

/// The paper's movie genres, in the order of their share of its data.
public enum StoryGenre: String, Sendable, CaseIterable {
    /// Drama, 25.9% of the paper's movies.
    case drama = "Drama"
    /// Comedy, 13.0% of the paper's movies.
    case comedy = "Comedy"
    /// Romance, 9.7% of the paper's movies.
    case romance = "Romance"
    /// Anime, 9.7% of the paper's movies.
    case anime = "Anime"
    /// Adventure, 6.4% of the paper's movies.
    case adventure = "Adventure"
    /// Family, 6.4% of the paper's movies.
    case family = "Family"
    /// Historical, 5.4% of the paper's movies.
    case historical = "Historical"
    /// Horror, 4.3% of the paper's movies.
    case horror = "Horror"
    /// Mystery, 4.3% of the paper's movies.
    case mystery = "Mystery"
    /// Crime, 3.2% of the paper's movies.
    case crime = "Crime"
    /// Action, 3.2% of the paper's movies.
    case action = "Action"
    /// Fantasy, 3.2% of the paper's movies.
    case fantasy = "Fantasy"
    /// Disaster, 2.1% of the paper's movies.
    case disaster = "Disaster"
    /// Sci-Fi, 2.1% of the paper's movies.
    case sciFi = "Sci-Fi"
    /// Biography, 1.1% of the paper's movies.
    case biography = "Biography"

    /// The genre's share of the paper's movies, in percent (``PaperFigures/genreShares``).
    var share: Double { PaperFigures.genrePercent(rawValue) }

    /// The genre at `position` (0..<1) of the paper's mix laid out in order: each genre owns a stretch as long as its
    /// share, so a uniform position draws by the paper's weights.
    static func at(_ position: Double) -> StoryGenre {
        let total = allCases.reduce(0) { $0 + $1.share }
        var r = position * total
        for genre in allCases {
            r -= genre.share
            if r < 0 { return genre }
        }
        return allCases[allCases.count - 1]
    }
}
