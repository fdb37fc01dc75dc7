//! The viewer's settings: one typed config layered from the defaults, `tracedeck.json` (or a mounted
//! viewer's `configUrl`), the `mount` call's object and the page address. Every bad value is
//! reported naming its setting and its source, and the value from the earlier source stands.

use crate::backend::Flavour;
use crate::view::colors::ServiceColors;
use crate::view::links::LinkTemplates;
use crate::view::llm::{LlmPrices, ModelPrice};
use crate::view::range::TimeRange;
use crate::view::span_budget::SpanBudget;
use crate::view::thresholds::Thresholds;

/// Light, dark, or whatever the system prefers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Theme {
    #[default]
    Auto,
    Light,
    Dark,
}

impl Theme {
    /// The class on the app root that fixes the colour scheme (none for auto).
    pub fn class(self) -> &'static str {
        match self {
            Self::Auto => "",
            Self::Light => "td-theme-light",
            Self::Dark => "td-theme-dark",
        }
    }
}

/// What a viewer shows of its page chrome: the title with its mark, and the footer naming the
/// backend. A page of its own shows it; a mounted viewer or element, and one in an iframe
/// (`embed`), sit in a host page with its own heading and show none unless asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Chrome {
    /// The title with its mark, and the footer (`chrome=full`).
    #[default]
    Full,
    /// Neither (`chrome=none`).
    None,
}

/// The settings of the [`Look`]: a change of these alone is taken by a running viewer in place.
pub const LOOK_SETTINGS: [&str; 2] = ["theme", "chrome"];

/// Whether a change of the settings `keys` changes only the look, so a running viewer can take
/// it without starting again.
pub fn only_look<'a>(mut keys: impl Iterator<Item = &'a str>) -> bool {
    keys.all(|key| LOOK_SETTINGS.contains(&key))
}

/// The settings a running viewer takes without starting again: how it looks, not what it shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Look {
    /// The colour scheme (`theme`).
    pub theme: Theme,
    /// What of the page chrome shows (`chrome`).
    pub chrome: Chrome,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// Base of Jaeger's query API: a path on this origin (`/api`) or an http(s) URL.
    pub api_base: String,
    /// `None`: probe once (v1 first, then api_v3) and use what answers.
    pub flavour: Option<Flavour>,
    /// Public Jaeger UI for deep links; `None` when the configured one was refused.
    pub jaeger_ui: Option<String>,
    /// Jaeger's tag filter for searches, a JSON object of tag → value (compact).
    pub tags: Option<String>,
    /// Services to list; `None` means every service Jaeger knows except its own.
    pub services: Option<Vec<String>>,
    pub page_size: usize,
    /// What the analysis views load of a list from summaries per round (`analysis_traces`,
    /// `analysis_mb`); a list of whole traces holds one over its bytes by its summary alone.
    pub span_budget: SpanBudget,
    pub refresh_secs: u32,
    /// Seconds of silence before a request is given up: no answer yet, or nothing more of one
    /// that began.
    pub timeout_secs: u32,
    pub range: TimeRange,
    /// Generated Acontext traces instead of a backend, labelled "Demo data" on screen.
    pub demo: bool,
    pub colors: ServiceColors,
    pub theme: Theme,
    pub chrome: Chrome,
    /// Inside an iframe: no page chrome, a transparent background, and the content height posted
    /// to the parent window.
    pub embed: bool,
    /// Sent with every backend request, for a host that authenticates; owner-set only.
    pub headers: Vec<(String, String)>,
    /// Whether demo data may stand in for the backend (`source=demo`, the offer when unreachable).
    pub allow_demo: bool,
    /// Whether the view state (range, trace, span, search) is kept in the page address. A page of
    /// its own does; a mounted viewer only when asked, as the address is its host's.
    pub sync_url: bool,
    /// Latency thresholds per operation; spans and traces over them are marked.
    pub thresholds: Thresholds,
    /// Prices of LLM models (`llm_prices`); without any, no cost is shown.
    pub llm_prices: LlmPrices,
    /// Link-outs from trace rows and the span detail to other tools (`links`).
    pub links: LinkTemplates,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            api_base: "/api".into(),
            flavour: None,
            tags: None,
            jaeger_ui: Some("http://localhost:16686".into()),
            services: None,
            page_size: 50,
            span_budget: SpanBudget::default(),
            refresh_secs: 30,
            timeout_secs: 10,
            range: TimeRange::Last1h,
            demo: false,
            colors: ServiceColors::default(),
            theme: Theme::Auto,
            chrome: Chrome::Full,
            embed: false,
            headers: Vec::new(),
            allow_demo: true,
            sync_url: true,
            thresholds: Thresholds::default(),
            llm_prices: LlmPrices::default(),
            links: LinkTemplates::default(),
        }
    }
}

/// Where a setting came from; later sources win: defaults, `tracedeck.json`, the `mount` call's
/// config, the page address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    File,
    Mount,
    Url,
}

impl Source {
    fn describe(self) -> &'static str {
        match self {
            Self::File => "tracedeck.json",
            Self::Mount => "the mount config",
            Self::Url => "the address",
        }
    }
}

/// Settings only a page's owner may give (never the address): where requests go with which
/// headers, and whether the demo may stand in for the backend.
const OWNER_ONLY: [&str; 3] = ["headers", "allow_demo", "sync_url"];

/// Where a setting may come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reach {
    /// Every source: `tracedeck.json`, the `mount` call, the address.
    All,
    /// The owner's JSON only (`tracedeck.json`, `mount`): an object, or owner-only.
    Json,
    /// The address's own repeatable spelling of a JSON setting (`color`, `threshold`, …).
    Address,
}

/// One setting: its name (in JSON and the address), where it may come from, and how a host
/// gives it from JavaScript. The package's TypeScript declarations and the element's attributes
/// are made from these (`embedding`), its docs from `docs/settings.md`'s table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Setting {
    /// Its key in JSON and the address (snake_case).
    pub name: &'static str,
    /// Where it may come from.
    pub reach: Reach,
    /// Its value's TypeScript type in a mount config; empty for an address-only spelling.
    pub typescript: &'static str,
    /// A plain value a custom element takes as an attribute (`jaeger_ui` as `jaeger-ui`).
    pub attribute: bool,
}

const fn setting(
    name: &'static str,
    reach: Reach,
    typescript: &'static str,
    attribute: bool,
) -> Setting {
    Setting {
        name,
        reach,
        typescript,
        attribute,
    }
}

/// Every setting tracedeck reads and where it may come from, in the order `docs/settings.md`'s
/// table lists them (a test holds the two together).
pub const SETTINGS: [Setting; 27] = [
    setting("api", Reach::All, "string", true),
    setting(
        "flavour",
        Reach::All,
        "'auto' | 'jaeger-v1' | 'jaeger-v3' | 'acontext'",
        true,
    ),
    setting("project", Reach::All, "string", true),
    setting("acontext_path", Reach::All, "string", true),
    setting("jaeger_ui", Reach::All, "string", true),
    setting("services", Reach::All, "readonly string[] | string", true),
    setting(
        "colors",
        Reach::Json,
        "Readonly<Record<string, string>>",
        false,
    ),
    setting("color", Reach::Address, "", false),
    setting("limit", Reach::All, "number", true),
    setting("analysis_traces", Reach::All, "number", true),
    setting("analysis_mb", Reach::All, "number", true),
    setting(
        "range",
        Reach::All,
        "'15m' | '1h' | '6h' | '24h' | '7d'",
        true,
    ),
    setting("refresh", Reach::All, "number", true),
    setting("timeout", Reach::All, "number", true),
    setting(
        "tags",
        Reach::All,
        "Readonly<Record<string, string | number | boolean>> | string",
        true,
    ),
    setting(
        "headers",
        Reach::Json,
        "Readonly<Record<string, string>>",
        false,
    ),
    setting("allow_demo", Reach::Json, "boolean", true),
    setting("source", Reach::All, "'jaeger' | 'demo'", true),
    setting("theme", Reach::All, "'auto' | 'light' | 'dark'", true),
    setting("chrome", Reach::All, "'full' | 'none'", true),
    setting("embed", Reach::All, "boolean", true),
    setting("sync_url", Reach::Json, "boolean", true),
    setting(
        "thresholds",
        Reach::Json,
        "Readonly<Record<string, string | number>>",
        false,
    ),
    setting("threshold", Reach::Address, "", false),
    setting(
        "llm_prices",
        Reach::Json,
        "Readonly<Record<string, { readonly input: number; readonly output: number }>>",
        false,
    ),
    setting("llm_price", Reach::Address, "", false),
    setting(
        "links",
        Reach::Json,
        "{ readonly trace?: readonly LinkTemplate[]; readonly span?: readonly LinkTemplate[] }",
        false,
    ),
];

/// Builds a [`Config`] from layered sources, collecting one message per bad value, naming the
/// field and its source; a bad value leaves what earlier sources set.
#[derive(Debug, Default)]
pub struct ConfigBuilder {
    config: Config,
    problems: Vec<String>,
    project: Option<String>,
    acontext_path: Option<String>,
    wants_acontext: bool,
    /// Set by a source; else it follows from where the viewer sits (see [`Chrome`]).
    chrome: Option<Chrome>,
    mounted: bool,
}

impl ConfigBuilder {
    /// For a viewer mounted in a host: the address is the host's, so the view state stays out of
    /// it unless the host sets `sync_url`.
    pub fn for_mount() -> Self {
        let mut builder = Self::default();
        builder.config.sync_url = false;
        builder.mounted = true;
        builder
    }

    /// Whether the address is read (and kept) as the view state.
    pub fn syncs_url(&self) -> bool {
        self.config.sync_url
    }

    /// A source that could not be read at all.
    pub fn unreadable(&mut self, source: Source, problem: &str) -> &mut Self {
        self.problems.push(format!(
            "{} could not be used: {problem}",
            source.describe()
        ));
        self
    }

    /// Applies `key=value` settings: `api`, `flavour` (`auto`, `jaeger-v1`, `jaeger-v3`,
    /// `acontext` with `project`), `jaeger_ui`, `services`, `limit`, `analysis_traces`,
    /// `analysis_mb`, `refresh`, `timeout`,
    /// `range`, `source`, `theme`, `chrome`, `embed`, `tags`, `color` (`service:#hex`, repeatable), `threshold`
    /// (`operation:duration`) and `llm_price` (`model:input/output`, US dollars per 1,000 tokens,
    /// repeatable or comma-separated).
    /// Other keys of the address are view state and pass by.
    pub fn apply_pairs<'a>(
        &mut self,
        source: Source,
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> &mut Self {
        for (key, value) in pairs {
            if let Err(problem) = self.set(source, key, value.trim()) {
                self.report(source, key, &problem);
            }
        }
        self
    }

    /// Applies a JSON object of settings (`tracedeck.json`, the mount config): the keys of
    /// [`Self::apply_pairs`] plus `colors` (service → `#hex`), `headers` (name → value),
    /// `thresholds` (operation → duration), `llm_prices` (model → `{"input", "output"}`, US
    /// dollars per 1,000 tokens), `links` (see [`LinkTemplates::parse`]), `allow_demo` and `sync_url`; `services` may be an array, numbers and booleans may be
    /// JSON's own. Unknown keys are reported, as they are most likely typos.
    pub fn apply_json(&mut self, source: Source, value: &serde_json::Value) -> &mut Self {
        use serde_json::Value;
        let Some(object) = value.as_object() else {
            self.problems.push(format!(
                "Settings in {}: not a JSON object; ignored.",
                source.describe()
            ));
            return self;
        };
        for (key, value) in object {
            let result = match (key.as_str(), value) {
                (_, Value::Null) => Ok(()),
                ("colors", Value::Object(map)) => each_entry(map, |service, color| {
                    let color = color.as_str().unwrap_or_default();
                    self.config.colors.set(service, color)
                }),
                ("headers", Value::Object(map)) => headers(map).map(|h| self.config.headers = h),
                ("thresholds", Value::Object(map)) => each_entry(map, |op, limit| {
                    let text = limit
                        .as_str()
                        .map_or_else(|| limit.to_string(), str::to_owned);
                    set_threshold(&mut self.config.thresholds, op, &text)
                }),
                ("llm_prices", Value::Object(map)) => each_entry(map, |model, price| {
                    let per_1k = |k: &str| price.get(k).and_then(Value::as_f64);
                    match (per_1k("input"), per_1k("output")) {
                        (Some(input), Some(output)) => self.config.llm_prices.set(
                            model,
                            ModelPrice {
                                input_per_1k: input,
                                output_per_1k: output,
                            },
                        ),
                        _ => Err(format!(
                            "{model:?}: give {{\"input\": …, \"output\": …}}, US dollars per 1,000 tokens"
                        )),
                    }
                }),
                ("links", _) => {
                    let (links, result) = LinkTemplates::parse(value);
                    self.config.links = links;
                    result
                }
                ("tags", Value::Object(_)) => self.set(source, key, &value.to_string()),
                ("services", Value::Array(list)) => {
                    let names: Option<Vec<&str>> = list.iter().map(Value::as_str).collect();
                    match names {
                        Some(names) => self.set(source, key, &names.join(",")),
                        None => Err("is not a list of service names".to_owned()),
                    }
                }
                (
                    "api" | "flavour" | "project" | "acontext_path" | "jaeger_ui" | "services"
                    | "limit" | "refresh" | "timeout" | "range" | "source" | "theme" | "chrome"
                    | "embed" | "tags" | "allow_demo" | "sync_url" | "threshold" | "llm_price"
                    | "analysis_traces" | "analysis_mb",
                    Value::String(_) | Value::Number(_) | Value::Bool(_),
                ) => {
                    let text = value
                        .as_str()
                        .map_or_else(|| value.to_string(), str::to_owned);
                    self.set(source, key, text.trim())
                }
                ("colors" | "headers" | "thresholds" | "llm_prices", _) => {
                    Err("is not an object".to_owned())
                }
                (
                    "api" | "flavour" | "project" | "acontext_path" | "jaeger_ui" | "limit"
                    | "refresh" | "timeout" | "range" | "source" | "theme" | "chrome" | "embed"
                    | "allow_demo" | "sync_url" | "analysis_traces" | "analysis_mb",
                    _,
                ) => Err(format!("{value} is not a plain value")),
                _ => Err("is not a setting tracedeck knows".to_owned()),
            };
            if let Err(problem) = result {
                self.report(source, key, &problem);
            }
        }
        self
    }

    /// The config, and what could not be used of the sources.
    pub fn finish(mut self) -> (Config, Vec<String>) {
        let bare = self.mounted || self.config.embed;
        self.config.chrome = self
            .chrome
            .unwrap_or(if bare { Chrome::None } else { Chrome::Full });
        if self.wants_acontext {
            match self.project.take() {
                Some(project) => {
                    self.config.flavour = Some(Flavour::Acontext {
                        project,
                        path: self
                            .acontext_path
                            .take()
                            .unwrap_or_else(|| crate::backend::paths::ACONTEXT_PATH.to_owned()),
                    })
                }
                None => self.problems.push(
                    "Setting `flavour`: acontext needs `project` (the project ID); probing instead."
                        .to_owned(),
                ),
            }
        }
        if self.config.demo && !self.config.allow_demo {
            self.config.demo = false;
            self.problems
                .push("Setting `source`: demo data is turned off here (`allow_demo`).".to_owned());
        }
        (self.config, self.problems)
    }

    fn report(&mut self, source: Source, key: &str, problem: &str) {
        let problem = problem
            .strip_prefix("is ")
            .map_or_else(|| problem.to_owned(), |rest| format!("this is {rest}"));
        self.problems.push(format!(
            "Setting `{key}` in {}: {problem}; ignored.",
            source.describe()
        ));
    }

    /// One setting; `Err` says what is wrong with the value.
    fn set(&mut self, source: Source, key: &str, value: &str) -> Result<(), String> {
        if source == Source::Url && OWNER_ONLY.contains(&key) {
            return Err("can be set by the page's owner only (tracedeck.json or mount)".into());
        }
        if source == Source::Url && key == "api" && !self.config.headers.is_empty() {
            return Err(
                "cannot change while request headers are configured: they would go \
                 to another server"
                    .into(),
            );
        }
        if key == "chrome" {
            return parse_chrome(value).map(|chrome| self.chrome = Some(chrome));
        }
        self.set_backend(key, value)
            .unwrap_or_else(|| set_viewing(&mut self.config, key, value))
    }

    /// A setting of the backend and how to reach it: `api`, `flavour`, `tags`, `acontext_path`,
    /// `project`, `jaeger_ui`, `services`; `None` for any other key.
    fn set_backend(&mut self, key: &str, value: &str) -> Option<Result<(), String>> {
        let Self {
            config,
            project,
            acontext_path,
            wants_acontext,
            ..
        } = self;
        Some(match key {
            "api" => http_or_path(value).map(|base| config.api_base = base),
            "flavour" => parse_flavour(value).map(|choice| {
                *wants_acontext = matches!(choice, FlavourChoice::Acontext);
                config.flavour = match choice {
                    FlavourChoice::Fixed(flavour) => Some(flavour),
                    FlavourChoice::Auto | FlavourChoice::Acontext => None,
                };
            }),
            "tags" => tag_filter(value).map(|tags| config.tags = tags),
            "acontext_path" => {
                if value.starts_with('/') && value.contains("{project_id}") && is_url_safe(value) {
                    *acontext_path = Some(value.to_owned());
                    Ok(())
                } else {
                    Err(format!("{value:?} is not a path with {{project_id}} in it"))
                }
            }
            "project" => {
                *project = Some(value.to_owned()).filter(|p| !p.is_empty());
                Ok(())
            }
            "jaeger_ui" => match http_url(value) {
                Ok(url) => {
                    config.jaeger_ui = Some(url);
                    Ok(())
                }
                Err(e) => {
                    config.jaeger_ui = None;
                    Err(e)
                }
            },
            "services" => {
                let list: Vec<String> = value
                    .split(',')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(str::to_owned)
                    .collect();
                config.services = (!list.is_empty()).then_some(list);
                Ok(())
            }
            _ => return None,
        })
    }
}

/// A setting of what is loaded and how it is shown: `limit`, `analysis_traces`, `analysis_mb`,
/// `refresh`, `timeout`, `range`, `source`, `allow_demo`, `sync_url`, `theme`, `embed`,
/// `threshold`, `llm_price`, `color`. Any other key is view state of the address and passes by.
fn set_viewing(config: &mut Config, key: &str, value: &str) -> Result<(), String> {
    match key {
        "limit" => number(value, 1, 1000).map(|n| config.page_size = n as usize),
        "analysis_traces" => number(value, 1, 1000).map(|n| config.span_budget.traces = n as usize),
        "analysis_mb" => number(value, 1, 1024)
            .map(|n| config.span_budget.bytes = u64::from(n).saturating_mul(1024 * 1024)),
        "refresh" => number(value, 1, 86_400).map(|n| config.refresh_secs = n),
        "timeout" => number(value, 1, 600).map(|n| config.timeout_secs = n),
        "range" => TimeRange::parse(value)
            .map(|r| config.range = r)
            .ok_or_else(|| format!("{value:?} is not one of 15m, 1h, 6h, 24h, 7d")),
        "source" => match value {
            "demo" => {
                config.demo = true;
                Ok(())
            }
            "jaeger" | "" => {
                config.demo = false;
                Ok(())
            }
            other => Err(format!("{other:?} is not a source (use demo or jaeger)")),
        },
        "allow_demo" => parse_flag(value).map(|on| config.allow_demo = on),
        "sync_url" => parse_flag(value).map(|on| config.sync_url = on),
        "theme" => parse_theme(value).map(|theme| config.theme = theme),
        "embed" => parse_flag(value).map(|on| config.embed = on),
        "threshold" => value
            .rsplit_once(':')
            .ok_or_else(|| format!("{value:?} is not operation:duration"))
            .and_then(|(op, limit)| set_threshold(&mut config.thresholds, op.trim(), limit)),
        "llm_price" => llm_price(&mut config.llm_prices, value),
        "color" => value
            .split_once(':')
            .ok_or_else(|| format!("{value:?} is not service:#hex"))
            .and_then(|(service, color)| config.colors.set(service.trim(), color.trim())),
        _ => Ok(()),
    }
}

/// Applies every entry of a JSON object, so one bad entry leaves the others in; the bad ones are
/// named together.
fn each_entry(
    map: &serde_json::Map<String, serde_json::Value>,
    mut apply: impl FnMut(&str, &serde_json::Value) -> Result<(), String>,
) -> Result<(), String> {
    all_applied(map.iter().map(|(key, value)| apply(key, value)))
}

/// Ok when every application went well, else their problems together.
fn all_applied(results: impl Iterator<Item = Result<(), String>>) -> Result<(), String> {
    let problems: Vec<String> = results.filter_map(Result::err).collect();
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("; "))
    }
}

/// `llm_price=model:INPUT/OUTPUT` (US dollars per 1,000 tokens), several separated by commas; a
/// bad one leaves the others in.
fn llm_price(prices: &mut LlmPrices, value: &str) -> Result<(), String> {
    all_applied(
        value
            .split(',')
            .filter(|one| !one.trim().is_empty())
            .map(|one| one_llm_price(prices, one.trim())),
    )
}

fn one_llm_price(prices: &mut LlmPrices, value: &str) -> Result<(), String> {
    let bad = || format!("{value:?} is not model:input/output (US dollars per 1,000 tokens)");
    let (model, price) = value.rsplit_once(':').ok_or_else(bad)?;
    let (input, output) = price.split_once('/').ok_or_else(bad)?;
    let (Ok(input), Ok(output)) = (input.trim().parse(), output.trim().parse()) else {
        return Err(bad());
    };
    prices.set(
        model,
        ModelPrice {
            input_per_1k: input,
            output_per_1k: output,
        },
    )
}

fn set_threshold(thresholds: &mut Thresholds, operation: &str, limit: &str) -> Result<(), String> {
    match crate::view::format::parse_duration(limit) {
        Some(ns) if !operation.is_empty() => {
            thresholds.set(operation, ns);
            Ok(())
        }
        _ => Err(format!(
            "{operation:?}: {limit:?} is not a duration like 250ms"
        )),
    }
}

/// Extra request headers: names must be HTTP tokens and values printable, so nothing can split
/// a request; a few names the browser owns are refused.
fn headers(
    map: &serde_json::Map<String, serde_json::Value>,
) -> Result<Vec<(String, String)>, String> {
    map.iter()
        .map(|(name, value)| {
            let token = !name.is_empty()
                && name
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b));
            if !token {
                return Err(format!("{name:?} is not a header name"));
            }
            if ["host", "cookie", "content-length", "origin", "referer"]
                .contains(&name.to_ascii_lowercase().as_str())
            {
                return Err(format!("{name:?} is set by the browser, not tracedeck"));
            }
            match value.as_str() {
                Some(text) if !text.chars().any(char::is_control) => {
                    Ok((name.clone(), text.to_owned()))
                }
                _ => Err(format!("the value of {name:?} is not a one-line string")),
            }
        })
        .collect()
}

impl Config {
    /// The budget a list of whole traces holds each trace within ([`SpanBudget::holds`]);
    /// `None` where a trace let go could not be fetched again (the Acontext endpoint).
    pub fn list_budget(&self) -> Option<SpanBudget> {
        self.flavour
            .as_ref()
            .is_none_or(Flavour::fetches_by_id)
            .then_some(self.span_budget)
    }

    /// The config the address alone gives (no file, no mount config).
    pub fn from_query<'a>(
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> (Self, Vec<String>) {
        let mut builder = ConfigBuilder::default();
        builder.apply_pairs(Source::Url, pairs);
        builder.finish()
    }

    /// The settings a running viewer takes in place.
    pub fn look(&self) -> Look {
        Look {
            theme: self.theme,
            chrome: self.chrome,
        }
    }

    /// The Jaeger UI page of a trace; only for hex IDs, so nothing from a trace shapes the URL.
    pub fn jaeger_trace_url(&self, trace_id: &str, span_id: Option<&str>) -> Option<String> {
        use crate::model::id::is_hex_id;
        let base = self.jaeger_ui.as_deref()?;
        if !is_hex_id(trace_id) {
            return None;
        }
        Some(match span_id.filter(|s| is_hex_id(s)) {
            Some(span) => format!("{base}/trace/{trace_id}?uiFind={span}"),
            None => format!("{base}/trace/{trace_id}"),
        })
    }
}

fn parse_theme(value: &str) -> Result<Theme, String> {
    match value {
        "auto" | "" => Ok(Theme::Auto),
        "light" => Ok(Theme::Light),
        "dark" => Ok(Theme::Dark),
        other => Err(format!("{other:?} is not one of auto, light, dark")),
    }
}

fn parse_chrome(value: &str) -> Result<Chrome, String> {
    match value {
        "full" => Ok(Chrome::Full),
        "none" => Ok(Chrome::None),
        other => Err(format!("{other:?} is not full or none")),
    }
}

fn parse_flag(value: &str) -> Result<bool, String> {
    match value {
        "1" | "true" => Ok(true),
        "0" | "false" | "" => Ok(false),
        other => Err(format!("{other:?} is not true, false, 1 or 0")),
    }
}

enum FlavourChoice {
    Auto,
    Fixed(Flavour),
    /// Needs the `project` setting as well.
    Acontext,
}

fn parse_flavour(value: &str) -> Result<FlavourChoice, String> {
    match value {
        "auto" | "" => Ok(FlavourChoice::Auto),
        "jaeger-v1" => Ok(FlavourChoice::Fixed(Flavour::JaegerV1)),
        "jaeger-v3" => Ok(FlavourChoice::Fixed(Flavour::JaegerV3)),
        "acontext" => Ok(FlavourChoice::Acontext),
        other => Err(format!(
            "{other:?} is not one of auto, jaeger-v1, jaeger-v3, acontext"
        )),
    }
}

/// A JSON object of tag → value (values may be any scalar), kept compact; empty means none.
fn tag_filter(value: &str) -> Result<Option<String>, String> {
    if value.is_empty() {
        return Ok(None);
    }
    let map: serde_json::Map<String, serde_json::Value> = serde_json::from_str(value)
        .map_err(|_| format!("{value:?} is not a JSON object like {{\"error\":\"true\"}}"))?;
    let strings: serde_json::Map<String, serde_json::Value> = map
        .into_iter()
        .map(|(k, v)| {
            let text = match v {
                serde_json::Value::String(s) => s,
                other if !other.is_object() && !other.is_array() => other.to_string(),
                _ => return Err(format!("tag {k:?} needs a plain value")),
            };
            Ok((k, serde_json::Value::String(text)))
        })
        .collect::<Result<_, String>>()?;
    Ok((!strings.is_empty()).then(|| serde_json::Value::Object(strings).to_string()))
}

fn number(value: &str, min: u32, max: u32) -> Result<u32, String> {
    value
        .parse::<u32>()
        .ok()
        .filter(|n| (min..=max).contains(n))
        .ok_or_else(|| format!("{value:?} is not a whole number from {min} to {max}"))
}

/// An absolute http(s) URL without a trailing slash.
fn http_url(value: &str) -> Result<String, String> {
    let lower = value.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"));
    match rest {
        Some(host) if !host.is_empty() && is_url_safe(value) => {
            Ok(value.trim_end_matches('/').to_owned())
        }
        _ => Err(format!("{value:?} is not an http(s) URL")),
    }
}

/// A path on this origin (`/api`) or an absolute http(s) URL.
fn http_or_path(value: &str) -> Result<String, String> {
    if value.starts_with('/') && !value.starts_with("//") && is_url_safe(value) {
        Ok(value.trim_end_matches('/').to_owned())
    } else {
        http_url(value)
            .map_err(|_| format!("{value:?} is neither a path like /api nor an http(s) URL"))
    }
}

fn is_url_safe(value: &str) -> bool {
    !value
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '"' | '<' | '>' | '\\' | '`'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_fit_a_local_jaeger() {
        let (config, problems) = Config::from_query([]);
        assert!(problems.is_empty());
        assert_eq!(config.api_base, "/api");
        assert_eq!(config.page_size, 50);
        assert_eq!(config.refresh_secs, 30);
        assert_eq!(config.range, TimeRange::Last1h);
    }

    #[test]
    fn values_are_read_and_bad_ones_named() {
        let (config, problems) = Config::from_query([
            ("api", "http://jaeger:16686/api/"),
            ("refresh", "1"),
            ("limit", "0"),
            ("jaeger_ui", "javascript:alert(1)"),
            ("services", "a, b,,"),
            ("source", "demo"),
        ]);
        assert_eq!(config.api_base, "http://jaeger:16686/api");
        assert_eq!(config.refresh_secs, 1);
        assert_eq!(config.page_size, 50);
        assert_eq!(config.jaeger_ui, None);
        assert_eq!(config.services, Some(vec!["a".into(), "b".into()]));
        assert!(config.demo);
        assert_eq!(problems.len(), 2);
        assert!(problems[0].contains("`limit`"));
        assert!(problems[1].contains("`jaeger_ui`") && problems[1].contains("http(s)"));
    }

    #[test]
    fn the_acontext_flavour_needs_a_project() {
        let (config, problems) = Config::from_query([("flavour", "acontext"), ("project", "p1")]);
        assert!(problems.is_empty());
        assert_eq!(
            config.flavour,
            Some(Flavour::Acontext {
                project: "p1".into(),
                path: crate::backend::paths::ACONTEXT_PATH.into(),
            })
        );
        let (config, problems) = Config::from_query([("flavour", "acontext")]);
        assert_eq!((config.flavour, problems.len()), (None, 1));
    }

    #[test]
    fn tag_filters_are_json_objects_of_plain_values() {
        let (config, problems) =
            Config::from_query([("tags", r#"{"error": true, "http.route": "/x"}"#)]);
        assert!(problems.is_empty());
        assert_eq!(
            config.tags.as_deref(),
            Some(r#"{"error":"true","http.route":"/x"}"#)
        );
        let (config, problems) = Config::from_query([("tags", "error=true")]);
        assert_eq!((config.tags, problems.len()), (None, 1));
        let (config, _) = Config::from_query([
            ("flavour", "acontext"),
            ("project", "p"),
            ("acontext_path", "/v2/{project_id}/traces"),
        ]);
        assert_eq!(
            config.flavour,
            Some(Flavour::Acontext {
                project: "p".into(),
                path: "/v2/{project_id}/traces".into()
            })
        );
    }

    #[test]
    fn theme_and_embed() {
        let (config, problems) = Config::from_query([("theme", "dark"), ("embed", "1")]);
        assert!(problems.is_empty());
        assert_eq!((config.theme, config.embed), (Theme::Dark, true));
        let (config, problems) = Config::from_query([("theme", "pink"), ("embed", "yes")]);
        assert_eq!(
            (config.theme, config.embed, problems.len()),
            (Theme::Auto, false, 2)
        );
    }

    #[test]
    fn chrome_follows_where_the_viewer_sits_unless_set() {
        let chrome = |builder: ConfigBuilder| builder.finish().0.chrome;
        assert_eq!(chrome(ConfigBuilder::default()), Chrome::Full);
        assert_eq!(chrome(ConfigBuilder::for_mount()), Chrome::None);
        let mut embedded = ConfigBuilder::default();
        embedded.apply_pairs(Source::Url, [("embed", "1")]);
        assert_eq!(chrome(embedded), Chrome::None);
        let mut asked = ConfigBuilder::for_mount();
        asked.apply_json(Source::Mount, &serde_json::json!({"chrome": "full"}));
        assert_eq!(chrome(asked), Chrome::Full);
        let (config, problems) = Config::from_query([("chrome", "some")]);
        assert_eq!(config.chrome, Chrome::Full);
        assert_eq!(
            problems,
            ["Setting `chrome` in the address: \"some\" is not full or none; ignored."]
        );
    }

    #[test]
    fn only_the_look_changes_in_place() {
        assert!(only_look(["theme"].into_iter()));
        assert!(only_look(["chrome", "theme"].into_iter()));
        assert!(!only_look(["theme", "range"].into_iter()));
        for key in LOOK_SETTINGS {
            assert!(SETTINGS.iter().any(|s| s.name == key), "{key}");
        }
    }

    #[test]
    fn jaeger_links_only_for_hex_ids() {
        let config = Config::default();
        assert_eq!(
            config
                .jaeger_trace_url("00000000000000ab", Some("00000000000000cd"))
                .as_deref(),
            Some("http://localhost:16686/trace/00000000000000ab?uiFind=00000000000000cd")
        );
        assert_eq!(config.jaeger_trace_url("trace-123", None), None);
        assert_eq!(
            config
                .jaeger_trace_url("ab", Some("x\"><script>"))
                .as_deref(),
            Some("http://localhost:16686/trace/ab")
        );
    }

    #[test]
    fn later_sources_win_and_bad_values_keep_the_earlier_one() {
        let mut builder = ConfigBuilder::default();
        builder.apply_json(
            Source::File,
            &serde_json::json!({
                "range": "6h", "limit": 20, "refresh": 5, "services": ["a", "b"],
                "colors": {"a": "#ABCDEF"}, "headers": {"Authorization": "Bearer t"},
            }),
        );
        builder.apply_json(
            Source::Mount,
            &serde_json::json!({"limit": 0, "theme": "dark", "colour": "#fff"}),
        );
        builder.apply_pairs(
            Source::Url,
            [
                ("range", "15m"),
                ("api", "http://elsewhere/api"),
                ("headers", "x"),
            ],
        );
        let (config, problems) = builder.finish();
        assert_eq!(config.range, TimeRange::Last15m);
        assert_eq!(config.page_size, 20);
        assert_eq!(config.refresh_secs, 5);
        assert_eq!(config.theme, Theme::Dark);
        assert_eq!(config.services, Some(vec!["a".into(), "b".into()]));
        assert_eq!(config.colors.color("a"), "#abcdef");
        assert_eq!(config.api_base, "/api");
        assert_eq!(
            config.headers,
            vec![("Authorization".to_owned(), "Bearer t".to_owned())]
        );
        assert_eq!(
            problems,
            [
                "Setting `colour` in the mount config: this is not a setting tracedeck knows; ignored.",
                "Setting `limit` in the mount config: \"0\" is not a whole number from 1 to 1000; ignored.",
                "Setting `api` in the address: cannot change while request headers are configured: they would go to another server; ignored.",
                "Setting `headers` in the address: can be set by the page's owner only (tracedeck.json or mount); ignored.",
            ]
        );
    }

    #[test]
    fn headers_that_could_split_a_request_are_refused() {
        for bad in [
            serde_json::json!({"X-A": "one\r\nX-B: two"}),
            serde_json::json!({"Bad Name": "x"}),
            serde_json::json!({"Cookie": "a=b"}),
            serde_json::json!({"X-A": 1}),
        ] {
            let mut builder = ConfigBuilder::default();
            builder.apply_json(Source::Mount, &serde_json::json!({ "headers": bad }));
            let (config, problems) = builder.finish();
            assert!(config.headers.is_empty());
            assert_eq!(problems.len(), 1, "{problems:?}");
            assert!(problems[0].starts_with("Setting `headers` in the mount config"));
        }
    }

    #[test]
    fn a_mounted_viewer_leaves_the_address_alone_unless_asked() {
        assert!(!ConfigBuilder::for_mount().syncs_url());
        let mut builder = ConfigBuilder::for_mount();
        builder.apply_json(Source::Mount, &serde_json::json!({"sync_url": true}));
        assert!(builder.syncs_url());
        let (_, problems) = Config::from_query([("sync_url", "0"), ("allow_demo", "1")]);
        assert_eq!(problems.len(), 2);
        let mut builder = ConfigBuilder::default();
        builder
            .apply_json(Source::File, &serde_json::json!({"allow_demo": false}))
            .apply_pairs(Source::Url, [("source", "demo")]);
        let (config, problems) = builder.finish();
        assert!(!config.demo);
        assert!(problems[0].contains("demo data is turned off"));
        let mut builder = ConfigBuilder::default();
        builder.apply_json(Source::File, &serde_json::json!(["not", "an", "object"]));
        assert_eq!(
            builder.finish().1,
            ["Settings in tracedeck.json: not a JSON object; ignored."]
        );
    }
}
