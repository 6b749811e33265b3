import Models
import Imaging
import DreamFrameCore
import Foundation

/// A built-in theme: the phrase, its world and the genres it suits.
public struct StoryTheme: Sendable, Hashable {
    /// The theme phrase given to level 1.
    public var text: String
    /// The id of the built-in world it is set in.
    public var setting: String
    /// Genres (from the paper's list) it suits.
    public var genres: [String]

    /// The built-in theme set (45 themes across all worlds).
    public static let all: [StoryTheme] = [
        .init(text: "A love story about a duchess and a commoner", setting: "medieval", genres: ["Romance", "Historical", "Drama"]),
        .init(text: "A blacksmith who must arm a city under siege", setting: "medieval", genres: ["Drama", "Historical", "Action"]),
        .init(text: "A squire who dreams of becoming a knight", setting: "medieval", genres: ["Adventure", "Family", "Anime"]),
        .init(text: "A scribe who uncovers a forged royal decree", setting: "medieval", genres: ["Mystery", "Historical", "Crime"]),
        .init(text: "Two rival bakers competing for the king's feast", setting: "medieval", genres: ["Comedy", "Family"]),
        .init(text: "A lighthouse keeper who guards a secret", setting: "coast", genres: ["Drama", "Mystery"]),
        .init(text: "A fishing village facing the storm of the century", setting: "coast", genres: ["Disaster", "Drama", "Family"]),
        .init(text: "A sailor returning home after ten years at sea", setting: "coast", genres: ["Drama", "Romance"]),
        .init(text: "Children who find a message in a bottle", setting: "coast", genres: ["Family", "Adventure", "Anime"]),
        .init(text: "A teacher who fights to save the village school", setting: "coast", genres: ["Drama", "Biography"]),
        .init(text: "A journalist chasing a story the mayor wants buried", setting: "city", genres: ["Crime", "Drama", "Mystery"]),
        .init(text: "A jazz pianist's last chance at fame", setting: "city", genres: ["Drama", "Biography", "Romance"]),
        .init(text: "A detective hunting a thief who steals only paintings", setting: "city", genres: ["Crime", "Mystery", "Action"]),
        .init(text: "Two strangers stuck together during a citywide blackout", setting: "city", genres: ["Romance", "Comedy"]),
        .init(text: "A nurse who keeps a hospital running through a crisis", setting: "city", genres: ["Drama", "Disaster"]),
        .init(text: "An engineer trying to save a failing space colony", setting: "space", genres: ["Sci-Fi", "Disaster", "Drama"]),
        .init(text: "A pilot who receives a signal from an empty planet", setting: "space", genres: ["Sci-Fi", "Mystery", "Horror"]),
        .init(text: "A botanist and a robot growing the first garden on Mars", setting: "space", genres: ["Sci-Fi", "Family", "Anime"]),
        .init(text: "A crew divided over whether to return to Earth", setting: "space", genres: ["Sci-Fi", "Drama", "Action"]),
        .init(text: "A young medic who must choose between duty and family", setting: "space", genres: ["Drama", "Sci-Fi"]),
        .init(text: "A governess who hears voices in an old manor", setting: "gothic", genres: ["Horror", "Mystery"]),
        .init(text: "Heirs gathered to read a will in a haunted house", setting: "gothic", genres: ["Mystery", "Horror", "Comedy"]),
        .init(text: "A painter whose portraits predict deaths", setting: "gothic", genres: ["Horror", "Drama"]),
        .init(text: "A forbidden romance between a gardener and a countess", setting: "gothic", genres: ["Romance", "Historical"]),
        .init(text: "A doctor fighting a curse on a moorland village", setting: "gothic", genres: ["Horror", "Historical", "Drama"]),
        .init(text: "A caravan guide crossing the desert with a runaway princess", setting: "desert", genres: ["Adventure", "Romance", "Action"]),
        .init(text: "A scholar searching for a lost temple", setting: "desert", genres: ["Adventure", "Historical", "Mystery"]),
        .init(text: "A spice merchant framed for poisoning the sultan", setting: "desert", genres: ["Crime", "Drama", "Historical"]),
        .init(text: "A storyteller who must entertain a cruel vizier to survive", setting: "desert", genres: ["Drama", "Fantasy", "Comedy"]),
        .init(text: "A village racing to find water before the wells run dry", setting: "desert", genres: ["Disaster", "Drama", "Family"]),
        .init(text: "A mountain guide leading strangers through a deadly pass", setting: "mountain", genres: ["Adventure", "Action", "Disaster"]),
        .init(text: "A young monk who leaves the monastery for the first time", setting: "mountain", genres: ["Drama", "Anime", "Adventure"]),
        .init(text: "Miners trapped after a collapse in an old mine", setting: "mountain", genres: ["Disaster", "Drama"]),
        .init(text: "A shepherd and a wolf cub who become friends", setting: "mountain", genres: ["Family", "Anime", "Adventure"]),
        .init(text: "A cartographer mapping the last unknown valley", setting: "mountain", genres: ["Adventure", "Biography"]),
        .init(text: "A teenager entering the town baking contest", setting: "town", genres: ["Comedy", "Family", "Anime"]),
        .init(text: "A grandmother's secret recipe and the family that lost it", setting: "town", genres: ["Family", "Comedy", "Drama"]),
        .init(text: "A school band trying to win the state championship", setting: "town", genres: ["Comedy", "Family", "Drama"]),
        .init(text: "A mechanic who falls for the new librarian", setting: "town", genres: ["Romance", "Comedy"]),
        .init(text: "Friends who dig up a time capsule and a forgotten crime", setting: "town", genres: ["Mystery", "Drama", "Crime"]),
        .init(text: "An apprentice wizard who breaks her master's spell book", setting: "fantasy", genres: ["Fantasy", "Comedy", "Anime"]),
        .init(text: "A forest ranger protecting a dragon egg", setting: "fantasy", genres: ["Fantasy", "Adventure", "Family"]),
        .init(text: "A bard who must sing a sleeping kingdom awake", setting: "fantasy", genres: ["Fantasy", "Romance", "Anime"]),
        .init(text: "A young knight and a troll forced to travel together", setting: "fantasy", genres: ["Fantasy", "Comedy", "Adventure"]),
        .init(text: "A healer who trades her memories for a cure", setting: "fantasy", genres: ["Fantasy", "Drama"]),
    ]
}
