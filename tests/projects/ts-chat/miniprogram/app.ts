App<IAppOption>({
  globalData: {
    baseUrl: 'https://api.example.com/v1',
  },
})
