// The page's language before it is drawn (the choice is kept in localStorage); a file, since the
// pages run no inline script.
document.documentElement.lang = localStorage.getItem("qamqor.lang") || "ru";
