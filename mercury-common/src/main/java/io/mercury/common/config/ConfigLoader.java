package io.mercury.common.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Resolves a {@link ConfigSpec} from its sources, in the original's order of precedence: defaults, then
 * the YAML file, then the environment, then {@code /proc/cmdline} (only options that declare a key), then
 * command-line flags.
 *
 * <p>Differences from the original, each a fix: {@code MERCURY_SEARCH_DIRS} (colon-separated) is
 * searched before the default directories instead of crashing; a kernel command-line value sets the
 * option that declares it instead of a stray top-level key; an explicit {@code 0} or {@code false} in a
 * source overrides the default (the original ignored falsy values, so {@code --x 0} was impossible). An
 * empty environment variable still counts as unset. Unknown flags and stray arguments are errors, with
 * a suggestion for a near miss.
 */
public final class ConfigLoader {
  /** Built on the first file read: most runs have no file, and the mapper costs tens of ms to build. */
  private static final class Yaml {
    static final ObjectMapper MAPPER = new ObjectMapper(new YAMLFactory());
  }

  private ConfigLoader() {}

  /** Loads with the default search path: MERCURY_SEARCH_DIRS, {@code .}, {@code ~/.mercury}, {@code /etc/mercury}. */
  public static Configuration load(
      ConfigSpec spec, String[] args, Map<String, String> env, Path procCmdline) {
    List<Path> dirs = new ArrayList<>();
    String extra = env.get("MERCURY_SEARCH_DIRS");
    if (extra != null) {
      for (String d : extra.split(":")) {
        if (!d.isBlank()) {
          dirs.add(Path.of(d));
        }
      }
    }
    dirs.add(Path.of("."));
    dirs.add(Path.of(System.getProperty("user.home"), ".mercury"));
    dirs.add(Path.of("/etc/mercury"));
    return load(spec, args, env, procCmdline, dirs);
  }

  public static Configuration load(
      ConfigSpec spec,
      String[] args,
      Map<String, String> env,
      Path procCmdline,
      List<Path> searchDirs) {
    Flags flags = Flags.parse(spec, args);
    Path file = flags.configFile != null ? requireFile(flags.configFile) : search(spec, searchDirs);
    Map<String, Object> tree = file == null ? Map.of() : readYaml(file);
    Map<String, String> kernel = readCmdline(procCmdline);

    Map<String, Object> values = new HashMap<>();
    Map<String, Source> sources = new HashMap<>();
    List<String> missing = new ArrayList<>();
    for (Option<?> o : spec.options()) {
      Object value = o.defaultValue();
      Source source = Source.DEFAULT;
      Object fromFile = lookup(tree, o.name());
      if (fromFile != null) {
        value = o.fromYaml(fromFile, "configuration file " + file);
        source = Source.FILE;
      }
      String fromEnv = env.get(o.envName());
      if (fromEnv != null && !fromEnv.isEmpty()) {
        value = o.parseText(fromEnv, "environment variable " + o.envName());
        source = Source.ENVIRONMENT;
      }
      if (o.cmdlineKey() != null && kernel.containsKey(o.cmdlineKey())) {
        value = o.parseText(kernel.get(o.cmdlineKey()), "/proc/cmdline key " + o.cmdlineKey());
        source = Source.KERNEL_CMDLINE;
      }
      if (flags.values.containsKey(o.name())) {
        value = o.parseText(flags.values.get(o.name()), "flag " + o.flagName());
        source = Source.FLAG;
      }
      if (o.isRequired() && (value == null || "".equals(value))) {
        missing.add(
            o.name()
                + " (set "
                + o.flagName()
                + ", environment "
                + o.envName()
                + (o.cmdlineKey() == null ? "" : ", /proc/cmdline " + o.cmdlineKey())
                + ", or '"
                + o.name()
                + "' in "
                + spec.fileName()
                + ")");
      }
      values.put(o.name(), value);
      sources.put(o.name(), source);
    }
    if (!missing.isEmpty()) {
      throw new ConfigException(
          spec.program() + ": required option(s) not set: " + String.join("; ", missing));
    }
    return new Configuration(spec, values, sources, tree, file);
  }

  private static Path requireFile(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new ConfigException("configuration file " + file + " does not exist or is not a file");
    }
    return file;
  }

  private static Path search(ConfigSpec spec, List<Path> dirs) {
    for (Path dir : dirs) {
      Path candidate = dir.resolve(spec.fileName());
      if (Files.isRegularFile(candidate)) {
        return candidate;
      }
    }
    return null;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> readYaml(Path file) {
    try {
      Object parsed = Yaml.MAPPER.readValue(file.toFile(), Object.class);
      if (parsed == null) {
        return Map.of();
      }
      if (!(parsed instanceof Map<?, ?>)) {
        throw new ConfigException("configuration file " + file + " must hold a YAML mapping at the top");
      }
      return (Map<String, Object>) parsed;
    } catch (JsonProcessingException e) {
      String where =
          e.getLocation() == null
              ? ""
              : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
      throw new ConfigException(
          "configuration file " + file + " is not valid YAML" + where + ": " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new ConfigException("cannot read configuration file " + file + ": " + e.getMessage(), e);
    }
  }

  /** A dotted name looked up in the YAML tree, as nested maps ({@code a: {b: 1}}); null when absent. */
  static Object lookup(Map<String, Object> tree, String name) {
    Object node = tree;
    for (String part : name.split("\\.")) {
      if (!(node instanceof Map<?, ?> map)) {
        return null;
      }
      node = map.get(part);
    }
    return node;
  }

  /** {@code KEY=value} words of the kernel command line; a missing file means none. */
  static Map<String, String> readCmdline(Path procCmdline) {
    if (procCmdline == null || !Files.isReadable(procCmdline)) {
      return Map.of();
    }
    try {
      Map<String, String> words = new LinkedHashMap<>();
      for (String word : Files.readString(procCmdline).trim().split("\\s+")) {
        int eq = word.indexOf('=');
        if (eq > 0) {
          String value = word.substring(eq + 1);
          if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            value = value.substring(1, value.length() - 1);
          }
          words.put(word.substring(0, eq), value);
        }
      }
      return words;
    } catch (IOException e) {
      return Map.of();
    }
  }

  /** Command-line flags: {@code --name value}, {@code --name=value}, a bare boolean flag, {@code -c FILE}. */
  private static final class Flags {
    final Map<String, String> values = new HashMap<>();
    Path configFile;

    static Flags parse(ConfigSpec spec, String[] args) {
      Map<String, Option<?>> byFlag = new HashMap<>();
      spec.options().forEach(o -> byFlag.put(o.flagName(), o));
      Flags flags = new Flags();
      for (int i = 0; i < args.length; i++) {
        String arg = args[i];
        String flag = arg;
        String inline = null;
        int eq = arg.indexOf('=');
        if (arg.startsWith("--") && eq > 0) {
          flag = arg.substring(0, eq);
          inline = arg.substring(eq + 1);
        }
        if (flag.equals("-c") || flag.equals("--configuration")) {
          String path = inline != null ? inline : next(args, ++i, flag);
          flags.configFile = Path.of(path);
          continue;
        }
        Option<?> option = byFlag.get(flag);
        if (option == null) {
          throw new ConfigException(unknown(spec, arg, byFlag));
        }
        String value;
        if (inline != null) {
          value = inline;
        } else if (option.type() == Option.Type.BOOL
            && (i + 1 >= args.length || !isBoolWord(args[i + 1]))) {
          value = "true";
        } else {
          value = next(args, ++i, flag);
        }
        flags.values.put(option.name(), value);
      }
      return flags;
    }

    private static boolean isBoolWord(String s) {
      return s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false") || s.equals("0") || s.equals("1");
    }

    private static String next(String[] args, int i, String flag) {
      if (i >= args.length) {
        throw new ConfigException(flag + " needs a value");
      }
      return args[i];
    }

    private static String unknown(ConfigSpec spec, String arg, Map<String, Option<?>> byFlag) {
      if (!arg.startsWith("-")) {
        return spec.program() + ": unexpected argument '" + arg + "'";
      }
      String flag = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
      Optional<String> close =
          byFlag.keySet().stream()
              .min(Comparator.comparingInt(f -> distance(f, flag)))
              .filter(f -> distance(f, flag) <= Math.max(2, flag.length() / 4));
      return spec.program()
          + ": unknown option "
          + flag
          + close.map(f -> "; did you mean " + f + "?").orElse("")
          + " (valid options: -c/--configuration, "
          + String.join(", ", byFlag.keySet().stream().sorted().toList())
          + ")";
    }

    private static int distance(String a, String b) {
      int[] prev = new int[b.length() + 1];
      int[] cur = new int[b.length() + 1];
      for (int j = 0; j <= b.length(); j++) {
        prev[j] = j;
      }
      for (int i = 1; i <= a.length(); i++) {
        cur[0] = i;
        for (int j = 1; j <= b.length(); j++) {
          int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
          cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
        }
        int[] t = prev;
        prev = cur;
        cur = t;
      }
      return prev[b.length()];
    }
  }
}
