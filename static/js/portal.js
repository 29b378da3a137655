// Behaviour shared by every page. Page-specific scripts live in static/js/<page>.js.
"use strict";
