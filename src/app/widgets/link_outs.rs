//! The `links` setting's link-outs as links, and those that could not be made as words saying
//! why (a missing tag, a refused address).

use leptos::prelude::*;

use crate::view::links::LinkOut;

#[component]
pub(crate) fn LinkOuts(links: Vec<LinkOut>) -> impl IntoView {
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
                view! { <span class="td-link-out td-link-out-missing" title=title>{link.name}</span> }
                    .into_any()
            }
        })
        .collect_view()
}
