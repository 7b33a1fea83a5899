"""What the dashboard and the report render, below both (neither imports the other):

    payloads   JSON-ready data from a corpus: the API's answers, and the data of every page
               and of the report
    charts     Vega-Lite specifications of the index and of the themes
    brief      the report's title, opening summary and timeline grouped by phase
    html       the Jinja environment with bilat's filters, the partials both render
               (views/templates), the stylesheet and the Vega bundle
"""
