import Models
import Imaging
import DreamFrameCore
import Foundation

/// The kind of background a location name is drawn as, chosen by keywords and, failing that, by a stable hash.
public enum SceneKind: String, Sendable, CaseIterable {
    /// Interiors: a tavern, a library, a church, a workshop, a grand hall, a plain room, an underground place, a
    /// spacecraft or laboratory.
    case tavern, library, church, workshop, hall, room, underground, spacecraft
    /// Exteriors: a forest, the sea shore, a town street, a fortress wall, mountains, a desert, open fields.
    case forest, sea, town, fortress, mountain, desert, field

    /// Whether the scene is drawn as an interior.
    public var isIndoor: Bool {
        switch self {
        case .tavern, .library, .church, .workshop, .hall, .room, .underground, .spacecraft: return true
        default: return false
        }
    }

    /// Words that name each kind of place, tried in this order.
    static let keywords: [(SceneKind, [String])] = [
        (.tavern, ["tavern", "inn", "pub", "bar", "saloon", "cafe", "café", "diner", "restaurant", "teahouse"]),
        (.library, ["library", "study", "archive", "archives", "bookshop", "bookstore", "scriptorium", "classroom", "school"]),
        (.church, ["cathedral", "church", "chapel", "temple", "shrine", "monastery", "abbey", "sanctuary"]),
        (.workshop, ["shop", "forge", "smithy", "workshop", "bakery", "kitchen", "mill", "factory", "garage", "stable", "stables", "barn", "blacksmith's", "blacksmiths"]),
        (.hall, ["hall", "palace", "mansion", "manor", "throne", "ballroom", "court", "courtroom", "museum", "gallery", "theater", "theatre", "opera"]),
        (.underground, ["tunnel", "tunnels", "cave", "caves", "cellar", "dungeon", "mine", "crypt", "vault", "lair", "sewer", "sewers", "catacombs", "prison", "cell", "basement"]),
        (.spacecraft, ["spaceship", "starship", "cockpit", "airlock", "laboratory", "lab", "reactor", "control", "station", "server", "hangar", "bunker", "module", "deck", "dome", "airlock"]),
        (.room, ["room", "bedroom", "house", "home", "cottage", "apartment", "office", "attic", "studio", "cabin", "hospital", "ward", "clinic", "shelter", "hut", "tent", "parlor", "parlour", "chamber", "dormitory", "hotel", "lobby", "quarters", "lodge", "shed", "barracks"]),
        (.sea, ["sea", "beach", "harbor", "harbour", "port", "dock", "docks", "pier", "shore", "coast", "lake", "river", "island", "lighthouse", "bay", "ocean", "lagoon", "wharf", "boat", "ship"]),
        (.forest, ["forest", "woods", "wood", "grove", "jungle", "orchard", "park", "garden", "gardens", "swamp", "marsh", "thicket", "glade", "oak", "circle"]),
        (.fortress, ["wall", "walls", "gate", "gates", "castle", "tower", "fort", "fortress", "battlement", "battlements", "rampart", "ramparts", "barracks", "citadel", "watchtower"]),
        (.mountain, ["mountain", "mountains", "peak", "cliff", "cliffs", "valley", "canyon", "pass", "ridge", "hill", "hills", "summit", "glacier", "volcano", "waterfall", "cove"]),
        (.desert, ["desert", "dune", "dunes", "oasis", "ruins", "wasteland", "crater", "badlands", "quarry", "flats", "well"]),
        (.town, ["street", "square", "market", "alley", "village", "town", "plaza", "city", "bazaar", "rooftop", "rooftops", "avenue", "district", "slums", "quarter", "fair", "carnival", "platform", "post", "stop", "block"]),
        (.field, ["field", "fields", "farm", "meadow", "battlefield", "battleground", "road", "path", "camp", "bridge", "graveyard", "cemetery", "war", "zone", "plain", "plains", "vineyard", "ranch", "racetrack", "stadium", "arena", "moor", "pad", "ford", "trenches", "gym"]),
    ]

    /// The scene kind for a location name.
    public init(location: String) {
        let words = location.lowercased().split(whereSeparator: { !$0.isLetter && $0 != "'" }).map(String.init)
        // The last word names the place best ("tavern" in "Local Tavern"), so scan from the end.
        for word in words.reversed() {
            let bare = word.hasSuffix("'s") ? String(word.dropLast(2)) : word
            if let hit = Self.keywords.first(where: { $0.1.contains(word) || $0.1.contains(bare) }) {
                self = hit.0
                return
            }
        }
        let all = SceneKind.allCases
        self = all[Int(StableHash.unit("scene " + location.lowercased()) * Double(all.count))]
    }
}
