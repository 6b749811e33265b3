import Models
import Imaging
import DreamFrameCore
import Foundation

/// Word lists the built-in story model writes from.
enum StoryVocabulary {
    static let maleNames = ["Darius", "Tomas", "Elias", "Rowan", "Marcus", "Felix", "Oren", "Caleb", "Silas", "Jonah", "Ivo", "Bram", "Hugo", "Matteo", "Kenji", "Ravi", "Anselm", "Corin", "Dmitri", "Emil", "Gideon", "Hector", "Idris", "Jasper", "Kofi", "Leon", "Milo", "Nico", "Otto", "Pavel", "Quentin", "Rafael", "Soren", "Theo", "Ulric", "Victor", "Wendell", "Yusuf", "Zane", "Aldric", "Benedict", "Cyrus", "Dorian", "Edmund", "Farid", "Gareth", "Henrik", "Lucan"]
    static let femaleNames = ["Eleanor", "Mara", "Lena", "Isolde", "Nadia", "Clara", "Yara", "Ines", "Freya", "Maren", "Aiko", "Priya", "Beatrix", "Celeste", "Dalia", "Elsa", "Fiona", "Greta", "Hana", "Iris", "Juno", "Katya", "Lila", "Mina", "Nora", "Odette", "Petra", "Rosa", "Selene", "Tessa", "Una", "Vera", "Wren", "Zoe", "Adele", "Brielle", "Cora", "Delphine", "Esme", "Flora", "Gwen", "Helena", "Ilse", "Jasmine", "Leila", "Marisol", "Ondine", "Sabine"]

    static let builds = ["tall", "short", "stout", "slim", "broad", "wiry"]
    static let ages = ["young", "old", "", "", ""]
    static let maleFeatures = ["a grey beard", "a black beard", "round glasses", "a wide-brimmed hat", "short red hair", "a bald head", "curly brown hair", "a short blond beard", "a flat cap", "a long grey moustache"]
    static let femaleFeatures = ["long black hair", "short silver hair", "round glasses", "a wide-brimmed hat", "braided auburn hair", "long blond hair", "curly brown hair", "a red headscarf", "short black hair", "long ginger hair"]
    static let clothingColours = ["brown", "red", "navy", "green", "grey", "royal blue", "dark green", "crimson", "mustard", "white", "black", "purple", "teal", "orange", "maroon", "cream"]
    static let maleGarments = ["coat", "jacket", "tunic", "cloak", "uniform", "vest"]
    static let femaleGarments = ["dress", "coat", "cloak", "gown", "jacket", "shawl"]

    /// Title words.
    static let titleAdjectives = ["Silent", "Last", "Hidden", "Burning", "Broken", "Golden", "Forgotten", "Distant", "Secret", "Crimson", "Endless", "Fragile", "Wild", "Quiet", "Stolen", "Midnight", "Shattered", "Restless", "Winter", "Lost", "Brave", "Hollow", "Scarlet", "Bitter", "Second", "Iron", "Paper", "Northern", "Falling", "Unspoken"]
    static let titleNouns = ["Promise", "Crossing", "Harvest", "Echo", "Lantern", "Storm", "Oath", "Letter", "Tide", "Song", "Shadow", "Bargain", "Journey", "Return", "Gambit", "Reckoning", "Vow", "Map", "Key", "Season", "Flame", "Heart", "Road", "Secret", "Dawn", "Garden", "Bridge", "Winter", "Summer", "Legacy"]

    /// Small objects for level-2/3 scenes.
    static let props = ["a brass key", "a torn letter", "an oil lantern", "a folded map", "a wooden box", "a sealed envelope", "a small knife", "a loaf of bread", "a silver coin", "a faded photograph", "a coil of rope", "a leather notebook", "a clay cup", "a woollen scarf", "a bundle of herbs", "a broken watch"]
    /// Places inside a location where things are hidden or found.
    static let spots = ["a loose stone", "the wooden counter", "a pile of crates", "the old doorway", "a dusty shelf", "the back wall", "a narrow window", "the iron stove", "a heavy curtain", "the stairs"]
    static let seats = ["a wooden bench", "an upturned crate", "a low stool", "the stone steps", "an old chair", "a barrel"]
    static let tools = ["a borrowed needle and thread", "a hammer and nails", "strips of cloth", "a spool of wire", "melted wax"]
    static let times = ["the bells ring at midnight", "the rain stops", "the sun goes down", "the last customer leaves", "the guards change shifts"]
    static let warnings = ["someone has been following them", "the road ahead is watched", "time is running out", "a friend cannot be trusted", "the storm will arrive tonight"]
    static let interruptions = ["a stranger calls their names", "a bell starts to ring", "they hear footsteps behind them", "a dog begins to bark", "the lights go out"]

    /// Whether `text` mentions one of ``props`` (returned without its article) or a setting treasure.
    static func mentionedObject(in text: String) -> String? {
        let lower = text.lowercased()
        for s in StorySetting.catalog {
            for t in s.treasures where lower.contains(t) { return t }
        }
        return props.first { lower.contains($0) }
    }
}
