"""Municipal finance of the portfolio: investeringen and kapitaallasten, exploitatie, dekking,
the meerjarenraming and MIP, and the weerstandsvermogen (issue 16)."""
