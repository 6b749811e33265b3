import Models
import Imaging
import DreamFrameCore
import Foundation

extension StorySetting {
    /// The built-in worlds, in the order the story model draws from.
    static let catalog: [StorySetting] = [medieval, coast, city, space, gothic, desert, mountain, town, fantasy]

    /// The medieval world.
    static let medieval = StorySetting(
        id: .medieval, era: "in a walled medieval city",
        cues: ["medieval", "knight", "duchess", "duke", "king", "queen", "castle", "blacksmith", "siege", "princess", "prince", "baron", "commoner", "squire", "kingdom"],
        locations: ["town square", "local tavern", "blacksmith's shop", "city walls", "guard tower", "cathedral", "noble mansion", "hidden tunnels", "market street", "castle gate", "royal library", "old mill", "herb garden", "stone bridge", "dungeon", "throne room"],
        trades: ["blacksmith", "squire", "herbalist", "scribe", "stable hand", "minstrel", "baker", "guard"],
        treasures: ["the royal seal", "the silver sword", "the lost crown", "the city charter", "the healer's book"],
        threats: ["a siege by a foreign army", "a fever spreading through the streets", "a famine after the harvest failed"],
        powers: ["the baron", "the duchess", "the captain of the guard"])

    /// The coast world.
    static let coast = StorySetting(
        id: .coast, era: "in a small fishing village on a stormy coast",
        cues: ["sea", "fisherman", "fishing", "lighthouse", "harbor", "island", "sailor", "coast", "storm", "boat", "pirate"],
        locations: ["harbor", "lighthouse", "fish market", "sea cliffs", "old chapel", "village inn", "boat shed", "sandy beach", "rocky cove", "net workshop", "school house", "hill path", "village square", "wooden pier", "salt marsh"],
        trades: ["fisherman", "lighthouse keeper", "net maker", "sailor", "teacher", "boat builder", "innkeeper"],
        treasures: ["the brass compass", "the captain's logbook", "the old sea chart", "the lighthouse lens", "the lost fishing boat"],
        threats: ["a great storm rolling in from the sea", "the fish vanishing from the bay", "a company buying up the harbor"],
        powers: ["the harbor master", "the mayor", "the ship owner"])

    /// The city world.
    static let city = StorySetting(
        id: .city, era: "in a busy modern city",
        cues: ["city", "detective", "police", "journalist", "musician", "office", "startup", "apartment", "reporter", "lawyer", "modern", "cafe", "jazz"],
        locations: ["rooftop garden", "subway platform", "corner cafe", "police station", "city hospital", "newspaper office", "night market", "city park", "river bridge", "art gallery", "warehouse district", "hotel lobby", "jazz bar", "apartment block", "courtroom"],
        trades: ["journalist", "detective", "nurse", "jazz pianist", "taxi driver", "lawyer", "chef", "photographer"],
        treasures: ["the missing hard drive", "the stolen painting", "the old photograph", "the signed contract", "the recording"],
        threats: ["a blackout across the whole city", "a scandal about to break", "a developer tearing down the old district"],
        powers: ["the mayor", "the media tycoon", "the police chief"])

    /// The space world.
    static let space = StorySetting(
        id: .space, era: "on a distant space colony",
        cues: ["space", "planet", "astronaut", "robot", "colony", "alien", "starship", "future", "mars", "android", "galaxy"],
        locations: ["command deck", "cargo hangar", "hydroponic garden", "crew quarters", "reactor room", "airlock", "observation dome", "medical lab", "mess hall", "engine room", "red desert", "crater rim", "landing pad", "comms tower", "research station"],
        trades: ["pilot", "engineer", "botanist", "medic", "navigator", "robotics technician", "geologist"],
        treasures: ["the navigation core", "the seed vault key", "the alien signal", "the reactor part", "the rescue beacon"],
        threats: ["a failing oxygen system", "a dust storm sweeping the planet", "a rogue security program"],
        powers: ["the commander", "the colony director", "the corporate inspector"])

    /// The gothic world.
    static let gothic = StorySetting(
        id: .gothic, era: "in a lonely manor on the misty moors",
        cues: ["ghost", "haunted", "manor", "curse", "vampire", "witch", "gothic", "spirit", "mansion", "horror", "moor"],
        locations: ["manor hall", "candlelit library", "family crypt", "overgrown garden", "servants' kitchen", "attic room", "portrait gallery", "village church", "misty moor", "iron gate", "wine cellar", "stable yard", "clock tower", "graveyard", "forest path"],
        trades: ["governess", "gardener", "butler", "village doctor", "painter", "priest", "maid"],
        treasures: ["the family diary", "the silver locket", "the hidden will", "the cursed portrait", "the key to the east wing"],
        threats: ["a curse that wakes every winter", "a fever that kills the heirs", "a ghost that walks the halls at night"],
        powers: ["the lord of the manor", "the widowed countess", "the family lawyer"])

    /// The desert world.
    static let desert = StorySetting(
        id: .desert, era: "in an ancient desert kingdom",
        cues: ["desert", "sultan", "caravan", "pharaoh", "oasis", "sand", "merchant", "camel", "temple", "ancient"],
        locations: ["palace court", "spice bazaar", "desert oasis", "sand dunes", "caravan camp", "royal stables", "sun temple", "ancient ruins", "canyon pass", "throne room", "palace garden", "merchant quarter", "watchtower", "salt flats", "city well"],
        trades: ["caravan guide", "spice merchant", "scholar", "stable keeper", "palace guard", "weaver", "storyteller"],
        treasures: ["the star map", "the golden scarab", "the sultan's ring", "the water deed", "the sacred scroll"],
        threats: ["a drought drying up the wells", "bandits raiding the caravans", "a sandstorm burying the roads"],
        powers: ["the vizier", "the sultan", "the high priest"])

    /// The mountain world.
    static let mountain = StorySetting(
        id: .mountain, era: "in a snowbound mountain village",
        cues: ["mountain", "snow", "climb", "climber", "winter", "avalanche", "expedition", "monk", "ice", "adventure", "explorer"],
        locations: ["mountain pass", "snowy peak", "village inn", "wooden bridge", "ice cave", "pine forest", "shepherd's hut", "frozen lake", "monastery", "old mine", "river valley", "trading post", "hunting lodge", "cliff path", "waterfall"],
        trades: ["mountain guide", "shepherd", "monk", "miner", "trapper", "cartographer", "cook"],
        treasures: ["the lost map", "the monastery bell", "the silver ore", "the climbing journal", "the rescue rope"],
        threats: ["an avalanche blocking the pass", "a wolf pack circling the village", "the coldest winter in memory"],
        powers: ["the village elder", "the mine owner", "the abbot"])

    /// The town world.
    static let town = StorySetting(
        id: .town, era: "in a quiet small town",
        cues: ["school", "family", "town", "teenager", "student", "friendship", "farm", "summer", "dog", "grandmother", "comedy", "wedding", "baker", "contest"],
        locations: ["high school", "classroom", "town diner", "main street", "football field", "old barn", "county fair", "bakery", "bookshop", "lake dock", "town hall", "music room", "garden shed", "bus stop", "family kitchen"],
        trades: ["student", "baker", "mechanic", "teacher", "farmer", "librarian", "coach", "mail carrier"],
        treasures: ["the prize ribbon", "the family recipe", "the lost dog", "the old guitar", "the time capsule"],
        threats: ["the bakery closing for good", "a flood rising from the lake", "a rumour spreading through town"],
        powers: ["the mayor", "the school principal", "the bank manager"])

    /// The fantasy world.
    static let fantasy = StorySetting(
        id: .fantasy, era: "in an enchanted forest kingdom",
        cues: ["magic", "dragon", "wizard", "fairy", "elf", "troll", "enchanted", "spell", "sorcerer", "fantasy", "anime", "quest"],
        locations: ["enchanted forest", "fairy glade", "wizard's tower", "crystal cave", "troll bridge", "elven palace", "mushroom grove", "witch's cottage", "dragon's lair", "moonlit lake", "ancient oak", "royal court", "river ford", "stone circle", "market town"],
        trades: ["apprentice wizard", "forest ranger", "young knight", "potion maker", "bard", "woodcutter", "healer"],
        treasures: ["the moon crystal", "the dragon egg", "the spell book", "the enchanted harp", "the star seed"],
        threats: ["a dark frost freezing the forest", "a dragon waking under the hills", "a spell stealing everyone's memories"],
        powers: ["the sorcerer queen", "the troll king", "the council of wizards"])

    /// The world named `id`.
    static func named(_ id: StorySettingID) -> StorySetting {
        switch id {
        case .medieval: return medieval
        case .coast: return coast
        case .city: return city
        case .space: return space
        case .gothic: return gothic
        case .desert: return desert
        case .mountain: return mountain
        case .town: return town
        case .fantasy: return fantasy
        }
    }

    /// The setting whose cue words best match `theme`, or nil.
    static func matching(_ theme: String) -> StorySetting? {
        let words = Set(theme.lowercased().split(whereSeparator: { !$0.isLetter }).map(String.init))
        var best: (Int, StorySetting)?
        for s in catalog {
            let score = s.cues.filter { words.contains($0) || words.contains($0 + "s") }.count
            if score > 0, score > (best?.0 ?? 0) { best = (score, s) }
        }
        return best?.1
    }
}
