import Models
import Imaging
import DreamFrameCore
import Foundation

/// A built-in theme: the phrase, its world and the genres it suits.
public struct StoryTheme: Sendable, Hashable {
    /// The theme phrase given to level 1.
    public var text: String
    /// The built-in world it is set in.
    public var setting: StorySettingID
    /// Genres it suits.
    public var genres: [StoryGenre]

    /// The built-in theme set (45 themes across all worlds).
    public static let all: [StoryTheme] = [
        .init(text: "A love story about a duchess and a commoner", setting: .medieval, genres: [.romance, .historical, .drama]),
        .init(text: "A blacksmith who must arm a city under siege", setting: .medieval, genres: [.drama, .historical, .action]),
        .init(text: "A squire who dreams of becoming a knight", setting: .medieval, genres: [.adventure, .family, .anime]),
        .init(text: "A scribe who uncovers a forged royal decree", setting: .medieval, genres: [.mystery, .historical, .crime]),
        .init(text: "Two rival bakers competing for the king's feast", setting: .medieval, genres: [.comedy, .family]),
        .init(text: "A lighthouse keeper who guards a secret", setting: .coast, genres: [.drama, .mystery]),
        .init(text: "A fishing village facing the storm of the century", setting: .coast, genres: [.disaster, .drama, .family]),
        .init(text: "A sailor returning home after ten years at sea", setting: .coast, genres: [.drama, .romance]),
        .init(text: "Children who find a message in a bottle", setting: .coast, genres: [.family, .adventure, .anime]),
        .init(text: "A teacher who fights to save the village school", setting: .coast, genres: [.drama, .biography]),
        .init(text: "A journalist chasing a story the mayor wants buried", setting: .city, genres: [.crime, .drama, .mystery]),
        .init(text: "A jazz pianist's last chance at fame", setting: .city, genres: [.drama, .biography, .romance]),
        .init(text: "A detective hunting a thief who steals only paintings", setting: .city, genres: [.crime, .mystery, .action]),
        .init(text: "Two strangers stuck together during a citywide blackout", setting: .city, genres: [.romance, .comedy]),
        .init(text: "A nurse who keeps a hospital running through a crisis", setting: .city, genres: [.drama, .disaster]),
        .init(text: "An engineer trying to save a failing space colony", setting: .space, genres: [.sciFi, .disaster, .drama]),
        .init(text: "A pilot who receives a signal from an empty planet", setting: .space, genres: [.sciFi, .mystery, .horror]),
        .init(text: "A botanist and a robot growing the first garden on Mars", setting: .space, genres: [.sciFi, .family, .anime]),
        .init(text: "A crew divided over whether to return to Earth", setting: .space, genres: [.sciFi, .drama, .action]),
        .init(text: "A young medic who must choose between duty and family", setting: .space, genres: [.drama, .sciFi]),
        .init(text: "A governess who hears voices in an old manor", setting: .gothic, genres: [.horror, .mystery]),
        .init(text: "Heirs gathered to read a will in a haunted house", setting: .gothic, genres: [.mystery, .horror, .comedy]),
        .init(text: "A painter whose portraits predict deaths", setting: .gothic, genres: [.horror, .drama]),
        .init(text: "A forbidden romance between a gardener and a countess", setting: .gothic, genres: [.romance, .historical]),
        .init(text: "A doctor fighting a curse on a moorland village", setting: .gothic, genres: [.horror, .historical, .drama]),
        .init(text: "A caravan guide crossing the desert with a runaway princess", setting: .desert, genres: [.adventure, .romance, .action]),
        .init(text: "A scholar searching for a lost temple", setting: .desert, genres: [.adventure, .historical, .mystery]),
        .init(text: "A spice merchant framed for poisoning the sultan", setting: .desert, genres: [.crime, .drama, .historical]),
        .init(text: "A storyteller who must entertain a cruel vizier to survive", setting: .desert, genres: [.drama, .fantasy, .comedy]),
        .init(text: "A village racing to find water before the wells run dry", setting: .desert, genres: [.disaster, .drama, .family]),
        .init(text: "A mountain guide leading strangers through a deadly pass", setting: .mountain, genres: [.adventure, .action, .disaster]),
        .init(text: "A young monk who leaves the monastery for the first time", setting: .mountain, genres: [.drama, .anime, .adventure]),
        .init(text: "Miners trapped after a collapse in an old mine", setting: .mountain, genres: [.disaster, .drama]),
        .init(text: "A shepherd and a wolf cub who become friends", setting: .mountain, genres: [.family, .anime, .adventure]),
        .init(text: "A cartographer mapping the last unknown valley", setting: .mountain, genres: [.adventure, .biography]),
        .init(text: "A teenager entering the town baking contest", setting: .town, genres: [.comedy, .family, .anime]),
        .init(text: "A grandmother's secret recipe and the family that lost it", setting: .town, genres: [.family, .comedy, .drama]),
        .init(text: "A school band trying to win the state championship", setting: .town, genres: [.comedy, .family, .drama]),
        .init(text: "A mechanic who falls for the new librarian", setting: .town, genres: [.romance, .comedy]),
        .init(text: "Friends who dig up a time capsule and a forgotten crime", setting: .town, genres: [.mystery, .drama, .crime]),
        .init(text: "An apprentice wizard who breaks her master's spell book", setting: .fantasy, genres: [.fantasy, .comedy, .anime]),
        .init(text: "A forest ranger protecting a dragon egg", setting: .fantasy, genres: [.fantasy, .adventure, .family]),
        .init(text: "A bard who must sing a sleeping kingdom awake", setting: .fantasy, genres: [.fantasy, .romance, .anime]),
        .init(text: "A young knight and a troll forced to travel together", setting: .fantasy, genres: [.fantasy, .comedy, .adventure]),
        .init(text: "A healer who trades her memories for a cure", setting: .fantasy, genres: [.fantasy, .drama]),
    ]
}
