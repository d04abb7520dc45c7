// Loads the timeline chart (static/timeline.js and its parts, ES modules) from a classic
// script, as every page loads its scripts: <script src="/static/...">, no inline script.
import("/static/timeline.js");
