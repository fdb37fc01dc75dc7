//! The `links` setting's link-outs as links, and those that could not be made greyed, saying
//! why (a missing tag): in words where there is room, else in the tooltip.

use leptos::prelude::*;

use crate::view::links::LinkOut;

#[component]
pub(crate) fn LinkOuts(
    links: Vec<LinkOut>,
    /// Say why a link could not be made next to it (where there is room), not only in its
    /// tooltip.
    #[prop(optional)]
    explain: bool,
) -> impl IntoView {
    links
        .into_iter()
        .map(|link| match link.url {
            Ok(href) => view! {
                <a
                    class="td-link td-link-out"
                    href=href
                    target="_blank"
                    rel="noopener noreferrer"
                    title=format!("Open {} in a new tab", link.name)
                >
                    {format!("{} ↗", link.name)}
                </a>
            }
            .into_any(),
            Err(why) => {
                let title = format!("No {} link: {why}", link.name);
                let words = explain
                    .then(|| view! { <span class="td-link-out-why">{format!(" ({why})")}</span> });
                view! {
                    <span class="td-link-out td-link-out-missing" title=title>
                        <span class="td-link-out-name">{link.name}</span>
                        {words}
                    </span>
                }
                .into_any()
            }
        })
        .collect_view()
}
